package timelab.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.ToLongFunction;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.assertj.core.data.Offset;
import timelab.LineClient;
import timelab.server.Handling;
import timelab.server.RequestTiming;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;
import timelab.work.Work;

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

    /** Pinned once, in {@link #thePinnedSummaryNamesTheCodeThatPinnedAndSaysItInWords}. */
    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    static final class BlockedInItsInitializer {
        static {
            ENTERED.countDown();
            try {
                RELEASE.await(); // the first frame outside the JDK is this initializer's
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {}
    }

    @Test
    void theSummaryGivesThePercentilesOfTheServersRequestsByModelAndWork(@TempDir Path dir) throws Exception {
        List<RequestTiming> pool = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) { // a pool of 2 with a 50 ms delay under load: mostly waiting
            long queued = i * 97_000L;
            long work = 50_000_000L + (i % 7) * 100_000L;
            pool.add(new RequestTiming("fixed:2", "delay:50ms", queued, work, queued + work + 20_000, false));
        }
        Collections.shuffle(pool, new Random(17));
        List<RequestTiming> calls = new ArrayList<>();
        for (int i = 1; i <= 10; i++) { // taken up at once, working in the backend calls; three failed
            calls.add(new RequestTiming("virtual", "call:127.0.0.1:45001x3", 5_000 + i, 30_000_000L * i,
                    30_000_000L * i + 60_000, i % 4 == 0 || i == 1));
        }
        List<RequestTiming> all = new ArrayList<>(pool);
        all.addAll(calls);
        Path file = RecordingFixture.serverRequests(dir.resolve("requests.jfr"), all, () -> { });

        RecordingSummary s = JfrSummary.read(file).summary();
        assertThat(s.serverRequests()).hasSize(2);
        RequestSummary p = s.serverRequests().get(0);
        assertThat(List.of(p.model(), p.work(), p.count(), p.failed()))
                .containsExactly("fixed:2", "delay:50ms", 1000L, 0L);
        assertSpread(p.queued(), pool, RequestTiming::queuedNanos);
        assertSpread(p.workTime(), pool, RequestTiming::workNanos);
        assertSpread(p.total(), pool, RequestTiming::totalNanos);
        RequestSummary c = s.serverRequests().get(1);
        assertThat(List.of(c.model(), c.work(), c.count(), c.failed()))
                .containsExactly("virtual", "call:127.0.0.1:45001x3", 10L, 3L);
        assertSpread(c.queued(), calls, RequestTiming::queuedNanos);
        assertSpread(c.workTime(), calls, RequestTiming::workNanos);
        assertSpread(c.total(), calls, RequestTiming::totalNanos);

        assertThat(s.findings()).containsExactly(
                "1,000 requests on fixed:2 with delay:50ms: queued p99 96.1 ms, work p99 50.6 ms, total p99 146.4 ms"
                        + " — time was spent waiting for a thread (or the loop), not working",
                "10 requests on virtual with call:127.0.0.1:45001x3 (3 failed): queued p99 0.005 ms, work p99 "
                        + "300.2 ms, total p99 300.2 ms — time was spent working, not waiting: each request was "
                        + "taken up at once");
    }

    @Test
    void onAPoolOfOneTheSecondRequestWaitsForTheFirstAndTheRecordingShowsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fixed-1.jfr");
        ServerOptions options = ServerOptions.loopback(new ServerModel.FixedPool(1))
                .withHandling(Handling.DEFAULT.withWork(Work.parse("delay:200ms")));
        try (JfrRecording recording = JfrRecording.start("server", "fixed:1", Optional.of(file));
                TimeServer server = TimeServer.start(options, new ServerEvents());
                LineClient first = new LineClient(server.port());
                LineClient second = new LineClient(server.port())) {
            // both accepted before either asks: the second waits in the pool's queue for the first connection
            org.awaitility.Awaitility.await().until(() -> server.stats().accepted() == 2);
            first.send("TIME\r\n");
            second.send("TIME\r\n");
            assertThat(first.readLine()).startsWith("JAM ");
            first.close();
            assertThat(second.readLine()).startsWith("JAM ");
            second.close();
            org.awaitility.Awaitility.await().until(() -> server.stats().active() == 0);
            recording.stop();
        }

        RecordingSummary s = JfrSummary.read(file).summary();
        assertThat(s.serverRequests()).singleElement().satisfies(r -> {
            assertThat(List.of(r.model(), r.work(), r.count(), r.failed()))
                    .containsExactly("fixed:1", "delay:200ms", 2L, 0L);
            assertThat(r.workTime().p50()).as("each request worked its 200 ms").isGreaterThanOrEqualTo(200);
            assertThat(r.queued().max()).as("the second waited for the first's work").isGreaterThanOrEqualTo(200);
            assertThat(r.total().max()).as("and then did its own").isGreaterThanOrEqualTo(400);
        });
        assertThat(s.findings()).first().asString().startsWith("2 requests on fixed:1 with delay:200ms: queued p99 ");
    }

    /** p50, p90, p99 and max by nearest rank, within HdrHistogram's 3 significant digits and the rounding to ns. */
    private static void assertSpread(RequestSummary.Spread spread, List<RequestTiming> timings,
            ToLongFunction<RequestTiming> nanos) {
        long[] sorted = timings.stream().mapToLong(nanos).sorted().toArray();
        double[] expected = new double[4];
        double[] percentiles = {50, 90, 99, 100};
        for (int i = 0; i < 4; i++) {
            int rank = (int) Math.ceil(percentiles[i] / 100 * sorted.length);
            expected[i] = sorted[rank - 1] / 1e6;
        }
        double[] actual = {spread.p50(), spread.p90(), spread.p99(), spread.max()};
        for (int i = 0; i < 4; i++) {
            assertThat(actual[i]).as("p" + percentiles[i]).isCloseTo(expected[i],
                    Offset.offset(expected[i] * 0.001 + 0.0005));
        }
    }

    @Test
    void thePinnedSummaryNamesTheCodeThatPinnedAndSaysItInWords(@TempDir Path dir) throws Exception {
        Path file = RecordingFixture.serverRequests(dir.resolve("pinned.jfr"), List.of(),
                () -> RecordingFixture.pinInAClassInitializer(BlockedInItsInitializer::touch, ENTERED, RELEASE));

        PinnedSummary pinned = JfrSummary.read(file).summary().pinned();
        String initializer = BlockedInItsInitializer.class.getName() + ".<clinit>";
        assertThat(pinned.count()).isEqualTo(1);
        assertThat(pinned.topFrames()).singleElement().satisfies(f -> {
            assertThat(f.frame()).isEqualTo(initializer);
            assertThat(f.count()).isEqualTo(1);
            assertThat(f.totalMillis()).isEqualTo(pinned.totalMillis());
        });
        assertThat(pinned.topSites()).singleElement().satisfies(site ->
                assertThat(site.frames()).anyMatch(f -> f.startsWith(initializer)));
        assertThat(JfrSummary.read(file).summary().findings()).singleElement().asString()
                .startsWith("a virtual thread was pinned once (jdk.VirtualThreadPinned), ")
                .contains(" ms; all at " + initializer + " — ");
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
