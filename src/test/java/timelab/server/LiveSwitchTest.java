package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.LineClient;
import timelab.measure.JfrRecording;
import timelab.measure.ServerEvents;

/**
 * "A TIME server that can itself switch threading model": under a steady load of short connections, switching
 * through every ordered pair of models loses no connect and no request, and every connection is attributed to the
 * model that served it (the server's own tally and the JFR {@code timelab.Connection} events agree). A switch to or
 * from {@code netty} is refused instead ({@link NettyServerTest}).
 */
class LiveSwitchTest {

    private static final int CLIENTS = 6;
    private static final int MAX_CONNECTIONS_PER_CLIENT = 100_000; // a bound, never reached in practice

    @Test
    void switchingThroughEveryOrderedPairOfModelsUnderLoadLosesNoRequest(@TempDir Path dir) throws Exception {
        List<ServerModel> models = Servers.everyModel().stream() // netty refuses a live switch: NettyServerTest
                .filter(m -> !(m instanceof ServerModel.Netty)).toList();
        Map<String, LongAdder> servedBy = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> misattributed = new ConcurrentLinkedQueue<>();
        ServerObserver tally = new ServerObserver() {
            @Override
            public void closed(String model, String remote, long requests, CloseReason reason, Duration open) {
                servedBy.computeIfAbsent(model, m -> new LongAdder()).increment();
                String thread = Thread.currentThread().getName(); // the thread that served it ends it
                if (!thread.startsWith(threadPrefix(model))) {
                    misattributed.add(model + " on " + thread);
                }
            }
        };
        Path file = dir.resolve("switch.jfr");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ok = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        List<String> switches = new ArrayList<>();
        try (JfrRecording recording = JfrRecording.start("server", "switch", Optional.of(file));
                TimeServer server = TimeServer.start(ServerOptions.loopback(models.get(0)),
                        ServerObserver.all(tally, new ServerEvents()))) {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(Thread.ofPlatform().name("switch-client-" + i).start(
                        () -> load(server.port(), stop, ok, failures)));
            }
            for (ServerModel from : models) {
                for (ServerModel to : models) {
                    if (from.equals(to)) {
                        continue;
                    }
                    switchAndServe(server, from, servedBy, failures);
                    switchAndServe(server, to, servedBy, failures);
                    switches.add(from.label() + "->" + to.label());
                }
            }
            stop.set(true);
            for (Thread t : clients) {
                t.join(Duration.ofSeconds(60));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> server.stats().active() == 0);
            ServerStats stats = server.stats();
            assertThat(failures).as("failed connects or requests").isEmpty();
            assertThat(misattributed).as("connections attributed to a model that did not serve them").isEmpty();
            assertThat(switches).hasSize(30);
            assertThat(stats.requests()).isEqualTo(ok.get());
            assertThat(stats.closed().get(CloseReason.PEER_CLOSED)).isEqualTo(ok.get());
            Map<String, Long> tallied = servedBy.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum()));
            assertThat(tallied.keySet()).containsExactlyInAnyOrderElementsOf(
                    models.stream().map(ServerModel::label).toList());
            assertThat(server.servedByModel()).isEqualTo(tallied);

            recording.stop();
            Map<String, Long> recorded = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("timelab.Connection"))
                    .collect(Collectors.groupingBy(e -> e.getString("model"), Collectors.counting()));
            assertThat(recorded).as("timelab.Connection events by model").isEqualTo(tallied);
        } finally {
            stop.set(true);
        }
    }

    /** The name prefix of the threads that serve {@code model}'s connections ({@code single}: the acceptor). */
    private static String threadPrefix(String model) {
        return switch (model.replaceAll(":.*", "")) {
            case "nio" -> "timelab-nio-loop";
            case "single" -> "timelab-acceptor";
            default -> "timelab-" + model.replaceAll(":.*", "") + "-";
        };
    }

    /** Switches to {@code model} and waits until it has served a few connections of the load. */
    private static void switchAndServe(TimeServer server, ServerModel model, Map<String, LongAdder> servedBy,
            ConcurrentLinkedQueue<String> failures) {
        long before = served(servedBy, model);
        server.switchModel(model);
        await().alias(model.label() + " serves new connections after the switch (failures: " + failures + ")")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !failures.isEmpty() || served(servedBy, model) >= before + 3);
    }

    private static long served(Map<String, LongAdder> servedBy, ServerModel model) {
        LongAdder n = servedBy.get(model.label());
        return n == null ? 0 : n.sum();
    }

    /** One client: connect, TIME, read the reply, close; again, until told to stop. */
    private static void load(int port, AtomicBoolean stop, AtomicLong ok, ConcurrentLinkedQueue<String> failures) {
        for (int i = 0; i < MAX_CONNECTIONS_PER_CLIENT && !stop.get(); i++) {
            try (LineClient c = new LineClient(port, Duration.ofSeconds(20))) {
                String reply = c.send("TIME\r\n").readLine();
                if (reply == null || !reply.startsWith("JAM ")) {
                    failures.add("reply: " + reply);
                } else {
                    ok.incrementAndGet();
                }
            } catch (IOException e) {
                failures.add(e.toString());
            }
        }
    }
}
