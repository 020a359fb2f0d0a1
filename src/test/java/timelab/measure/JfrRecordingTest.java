package timelab.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Configuration;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import timelab.server.ServerObserver;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;

/** Recordings made with timelab's settings contain timelab's events and the JDK's thread statistics, plausibly. */
class JfrRecordingTest {

    private static final int HELD = 50;

    @Test
    void theJarCarriesJfrTimelabJfcAndItEnablesWhatTimelabNeeds() throws Exception {
        byte[] packaged;
        try (InputStream in = JfrRecording.class.getResourceAsStream(JfrRecording.SETTINGS_RESOURCE)) {
            assertThat(in).as(JfrRecording.SETTINGS_RESOURCE).isNotNull();
            packaged = in.readAllBytes();
        }
        assertThat(packaged).as("one source of truth").isEqualTo(Files.readAllBytes(Path.of("jfr/timelab.jfc")));
        Map<String, String> s = JfrRecording.settings().getSettings();
        assertThat(s).containsEntry("jdk.JavaThreadStatistics#enabled", "true")
                .containsEntry("jdk.JavaThreadStatistics#period", "100 ms")
                .containsEntry("jdk.VirtualThreadStart#enabled", "true")
                .containsEntry("jdk.VirtualThreadEnd#enabled", "true")
                .containsEntry("jdk.VirtualThreadPinned#enabled", "true")
                .containsEntry("jdk.VirtualThreadPinned#threshold", "0 ms")
                .containsEntry("jdk.VirtualThreadPinned#stackTrace", "true")
                .containsEntry("jdk.SocketRead#threshold", "10 ms")
                .containsEntry("jdk.SocketWrite#threshold", "10 ms")
                .containsEntry("timelab.Connection#enabled", "true")
                .containsEntry("timelab.ClientRequest#enabled", "true")
                .containsEntry("timelab.ServerRequest#enabled", "true")
                .containsEntry("timelab.ServerRequest#threshold", "0 ms")
                .containsEntry("timelab.Concurrency#enabled", "true")
                .containsEntry("timelab.Concurrency#period", "100 ms");
        // what jcmd JFR.start settings=jfr/timelab.jfc parses
        assertThat(Configuration.create(Path.of("jfr/timelab.jfc")).getSettings()).isEqualTo(s);
    }

    @Test
    void theDefaultFileIsSideLabelAndTimestampUnderJfr() {
        assertThat(JfrRecording.defaultPath("server", "fixed:4", Instant.parse("2025-01-02T03:04:05Z"),
                ZoneOffset.UTC)).isEqualTo(Path.of("jfr/server-fixed-4-20250102-030405.jfr"));
        assertThat(JfrRecording.defaultPath("client", "process:8/virtual", Instant.parse("2025-01-02T03:04:05Z"),
                ZoneOffset.UTC)).isEqualTo(Path.of("jfr/client-process-8-virtual-20250102-030405.jfr"));
    }

    @Test
    void aFileThatCannotBeWrittenIsRefusedBeforeRecording(@TempDir Path dir) {
        assertThatThrownBy(() -> JfrRecording.start("server", "virtual", Optional.of(dir)))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot write a JFR recording to " + dir);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"virtual", "platform"})
    void aServerRecordingHoldsItsConnectionsConcurrencyAndThreadStatistics(String modelName, @TempDir Path dir)
            throws Exception {
        ServerModel model = ServerModel.parse(modelName, 2);
        boolean virtual = model instanceof ServerModel.Virtual;
        Path file = RecordingFixture.serverHolding(dir.resolve("server.jfr"), model, HELD, (server, live) ->
                live.await("jdk.JavaThreadStatistics", e -> !virtual || e.getLong("activeCount") > 0));
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);

        List<RecordedEvent> connections = named(events, "timelab.Connection");
        assertThat(connections).hasSize(HELD).allSatisfy(e -> {
            assertThat(e.getString("model")).isEqualTo(modelName);
            assertThat(e.getLong("requests")).isEqualTo(1);
            assertThat(e.getString("closeReason")).isEqualTo("PEER_CLOSED");
            assertThat(e.getDuration()).isPositive();
            assertThat(e.getThread().getJavaName()).startsWith("timelab-" + modelName + "-");
            assertThat(e.getThread().isVirtual()).isEqualTo(virtual);
            assertThat(e.getEventType().getCategoryNames()).containsExactly("timelab");
        });

        List<RecordedEvent> concurrency = named(events, "timelab.Concurrency");
        assertThat(concurrency).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getString("side")).isEqualTo("server");
            assertThat(e.getString("label")).isEqualTo(modelName);
            assertThat(e.getLong("platformThreads")).isPositive();
            assertThat(e.getLong("openFds")).isPositive();
        });
        assertThat(max(concurrency, "activeConnections")).isEqualTo(HELD);
        assertThat(max(concurrency, "peakConnections")).isEqualTo(HELD);
        assertThat(max(concurrency, "openFds")).as("a socket per held connection").isGreaterThan(HELD);
        assertThat(max(concurrency, "peakVirtualThreads")).isEqualTo(virtual ? HELD : 0);

        List<RecordedEvent> threadStats = named(events, "jdk.JavaThreadStatistics");
        assertThat(threadStats).isNotEmpty();
        long platformPeak = max(threadStats, "activeCount");
        if (virtual) {
            // the JVM's counters do not see virtual threads: 50 connections did not make 50 platform threads
            assertThat(platformPeak).isLessThan(HELD);
            assertThat(named(events, "jdk.VirtualThreadStart").stream()
                    .filter(e -> e.getThread().getJavaName().startsWith("timelab-virtual-"))).hasSize(HELD);
        } else {
            assertThat(platformPeak).as("a platform thread per connection").isGreaterThanOrEqualTo(HELD);
            assertThat(max(concurrency, "platformThreads")).isGreaterThanOrEqualTo(HELD);
        }
    }

    @Test
    void clientRequestEventsRecordConnectTimeRequestTimeAndOutcome(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.jfr");
        int refusedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            refusedPort = s.getLocalPort();
        }
        AtomicLong open = new AtomicLong();
        try (LiveEvents live = new LiveEvents("timelab.Concurrency");
                TimeServer server = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()),
                        ServerObserver.NONE);
                JfrRecording recording = JfrRecording.start("client", "virtual", Optional.of(file));
                ConcurrencyEvents.Registration r = ConcurrencyEvents.register("client",
                        () -> new ConcurrencyCounts("virtual", open.get(), 3, 0, 0))) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) { // a tiny client: connect, TIME, read, and keep the connection
                    ClientRequestEvent e = ClientRequestEvent.start("virtual");
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                    held.add(s);
                    e.connected();
                    open.incrementAndGet();
                    s.getOutputStream().write("TIME\r\n".getBytes());
                    byte[] reply = s.getInputStream().readNBytes(14);
                    e.finish(new String(reply).startsWith("JAM ") ? "OK" : "BAD_REPLY", null);
                }
                ClientRequestEvent refused = ClientRequestEvent.start("virtual");
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", refusedPort), 5_000);
                    refused.connected();
                    refused.finish("OK", null);
                } catch (ConnectException ex) {
                    refused.finish("CONNECTION_REFUSED", ex.getMessage());
                }
                live.await("timelab.Concurrency", e -> "client".equals(e.getString("side"))
                        && e.getLong("activeConnections") == 3);
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            recording.stop();
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> requests = named(events, "timelab.ClientRequest");
        assertThat(requests).hasSize(4);
        assertThat(requests).filteredOn(e -> e.getString("outcome").equals("OK")).hasSize(3).allSatisfy(e -> {
            assertThat(e.getString("strategy")).isEqualTo("virtual");
            assertThat(e.getDuration("connectTime")).isPositive();
            assertThat(e.getDuration("requestTime")).isPositive();
            assertThat(e.getLong("requests")).isEqualTo(1);
            assertThat(e.getDuration()).isGreaterThanOrEqualTo(e.getDuration("requestTime"));
        });
        assertThat(requests).filteredOn(e -> e.getString("outcome").equals("CONNECTION_REFUSED")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getString("detail")).containsIgnoringCase("refused");
                    assertThat(e.getLong("requests")).isZero();
                    assertThat(e.getDuration("requestTime")).isZero();
                });
        assertThat(named(events, "timelab.Concurrency")).filteredOn(e -> e.getString("side").equals("client"))
                .anySatisfy(e -> assertThat(e.getLong("activeConnections")).isEqualTo(3));
        assertThat(named(events, "timelab.ClientRequest").get(0).getEventType().getField("startedNanos"))
                .as("bookkeeping fields are not recorded").isNull();
    }

    static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    static long max(List<RecordedEvent> events, String field) {
        return events.stream().mapToLong(e -> e.getLong(field)).max().orElse(-1);
    }
}
