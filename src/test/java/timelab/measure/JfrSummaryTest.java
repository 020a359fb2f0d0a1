package timelab.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.LineClient;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;

/** {@code jfr summary} computes the right numbers from recordings the tests make, and draws them. */
class JfrSummaryTest {

    private static final int HELD = 30;
    private static final int EXTRA_PLATFORM = 40;

    /** A class whose initialisation blocks: a virtual thread running it is pinned (JDK 21 and 25 alike). */
    static final class SlowToInitialise {
        static {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {}
    }

    @Test
    void theSummaryComputesThePeaksOfARecordingTheTestMade(@TempDir Path dir) throws Exception {
        int before = Thread.activeCount();
        Path file = RecordingFixture.serverHolding(dir.resolve("server.jfr"), new ServerModel.Virtual(), HELD,
                (server, live) -> {
                    CountDownLatch release = new CountDownLatch(1);
                    List<Thread> extra = new ArrayList<>();
                    for (int i = 0; i < EXTRA_PLATFORM; i++) {
                        extra.add(Thread.ofPlatform().name("extra-" + i).start(() -> awaitQuietly(release)));
                    }
                    Thread.ofVirtual().start(SlowToInitialise::touch).join();
                    live.await("jdk.JavaThreadStatistics", e -> e.getLong("activeCount") >= before + EXTRA_PLATFORM);
                    release.countDown();
                    for (Thread t : extra) {
                        t.join();
                    }
                });
        RecordingSummary s = JfrSummary.read(file).summary();

        // platform threads: the same numbers read another way (all events at once, no streaming)
        List<RecordedEvent> stats = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.JavaThreadStatistics")).toList();
        long peak = stats.stream().mapToLong(e -> e.getLong("activeCount")).max().orElseThrow();
        double mean = stats.stream().mapToLong(e -> e.getLong("activeCount")).average().orElseThrow();
        assertThat(s.platformThreads().samples()).isEqualTo(stats.size());
        assertThat(s.platformThreads().peak()).isEqualTo(peak).isGreaterThanOrEqualTo(before + EXTRA_PLATFORM);
        assertThat(s.platformThreads().mean()).isCloseTo(mean, org.assertj.core.data.Offset.offset(0.051));
        assertThat(s.platformThreads().jvmPeak()).isGreaterThanOrEqualTo(peak);

        RecordingSummary.VirtualThreads v = s.virtualThreads();
        assertThat(v.countedPeak()).isEqualTo(HELD);
        assertThat(v.sampledMax()).isEqualTo(HELD);
        // JFR also saw the test's own (unnamed, uncounted) virtual thread that got pinned while the connections
        // were held: one more than the server counted, within the check's tolerance
        assertThat(v.appBalancePeak()).isEqualTo(HELD + 1);
        assertThat(v.startedByName()).containsEntry("timelab-virtual-", (long) HELD).containsEntry("(unnamed)", 1L);
        assertThat(v.check()).startsWith("agree within 1");

        assertThat(s.sides()).containsExactly("server");
        assertThat(s.labels()).containsExactly("virtual");
        assertThat(s.connections().count()).isEqualTo(HELD);
        assertThat(s.connections().requests()).isEqualTo(HELD);
        assertThat(s.connections().byModel()).isEqualTo(Map.of("virtual", (long) HELD));
        assertThat(s.connections().byReason()).isEqualTo(Map.of("PEER_CLOSED", (long) HELD));
        assertThat(s.connections().peakActive()).isEqualTo(HELD);
        assertThat(s.clientRequests().count()).isZero();
        assertThat(s.peakOpenFds()).isGreaterThan(HELD);
        assertThat(s.jvm()).contains(String.valueOf(Runtime.version().feature()));

        assertThat(s.pinned().count()).isPositive();
        assertThat(s.pinned().topSites()).anySatisfy(site ->
                assertThat(site.frames()).anyMatch(f -> f.contains("SlowToInitialise.<clinit>")));
    }

    @Test
    void theCrossCheckSaysWhenJfrSeesVirtualThreadsTheSideDoesNotCount(@TempDir Path dir) throws Exception {
        int uncounted = 10;
        Path file = RecordingFixture.serverHolding(dir.resolve("server.jfr"), new ServerModel.Virtual(), 5,
                (server, live) -> {
                    CountDownLatch started = new CountDownLatch(uncounted);
                    CountDownLatch release = new CountDownLatch(1);
                    List<Thread> threads = new ArrayList<>();
                    for (int i = 0; i < uncounted; i++) {
                        threads.add(Thread.ofVirtual().name("uncounted-" + i).start(() -> {
                            started.countDown();
                            awaitQuietly(release);
                        }));
                    }
                    started.await();
                    release.countDown();
                    for (Thread t : threads) {
                        t.join();
                    }
                });
        RecordingSummary.VirtualThreads v = JfrSummary.read(file).summary().virtualThreads();
        assertThat(v.countedPeak()).isEqualTo(5);
        assertThat(v.appBalancePeak()).isEqualTo(5 + uncounted);
        assertThat(v.startedByName()).containsEntry("uncounted-", (long) uncounted);
        assertThat(v.check()).startsWith("the JFR balance is " + uncounted + " higher");
    }

    @Test
    void aRecordingWithTheJdksDefaultSettingsCannotCrossCheckAndSaysSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("default.jfr");
        try (Recording recording = new Recording(Configuration.getConfiguration("default"));
                TimeServer server = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()),
                        new ServerEvents());
                ConcurrencyEvents.Registration r = ConcurrencyEvents.register("server",
                        ServerEvents.concurrencyOf(server));
                LiveEvents live = new LiveEvents("timelab.Concurrency");
                LineClient client = new LineClient(server.port())) {
            recording.setDestination(file);
            recording.start();
            client.send("TIME\r\n").readLine();
            live.await("timelab.Concurrency", e -> e.getLong("activeConnections") == 1);
            recording.stop();
        }
        RecordingSummary.VirtualThreads v = JfrSummary.read(file).summary().virtualThreads();
        assertThat(v.countedPeak()).as("timelab events are on by default").isEqualTo(1);
        assertThat(v.balancePeak()).isEqualTo(-1);
        assertThat(v.check()).contains("cannot cross-check");
    }

    @Test
    void theCheckExplainsEachWayTheTwoCountsCanRelate() {
        assertThat(JfrSummary.check(1000, 1000, 0)).isEqualTo("agree");
        assertThat(JfrSummary.check(1000, 1003, 3)).startsWith("agree within 3; the JDK's own 3 virtual thread(s)");
        assertThat(JfrSummary.check(100, 140, 0)).startsWith("the JFR balance is 40 higher");
        assertThat(JfrSummary.check(100, 40, 0)).startsWith("timelab's count is 60 higher")
                .contains("predate the recording");
        assertThat(JfrSummary.check(100, -1, 0)).contains("cannot cross-check");
        assertThat(JfrSummary.check(0, -1, 0)).startsWith("agree");
        assertThat(JfrSummary.check(-1, 12, 0)).contains("only the JFR balance");
        assertThat(JfrSummary.check(-1, -1, 0)).startsWith("no timelab.Concurrency");
    }

    @Test
    void whatIsNotARecordingSaysSo(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jfr"), "not a recording");
        assertThatThrownBy(() -> JfrSummary.read(text)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a readable JFR recording");
        assertThatThrownBy(() -> JfrSummary.read(dir.resolve("missing.jfr"))).isInstanceOf(NoSuchFileException.class);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
