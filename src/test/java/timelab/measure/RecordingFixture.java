package timelab.measure;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import timelab.LineClient;
import timelab.server.RequestTiming;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;

/** Makes real recordings of a real server for tests: the events a user's {@code server --jfr} run would have. */
public final class RecordingFixture {

    private RecordingFixture() {}

    /** What a test does while the connections are held, with the recording still running. */
    @FunctionalInterface
    public interface WhileHeld {
        void run(TimeServer server, LiveEvents live) throws Exception;
    }

    /**
     * Records a server of {@code model} (with its JFR listener and Concurrency source, as {@code timelab server}
     * installs them) into {@code file} while {@code held} clients each send one TIME and stay connected until a
     * {@code timelab.Concurrency} sample shows them all; then the clients close and the recording stops once the
     * server has ended every connection.
     */
    public static Path serverHolding(Path file, ServerModel model, int held, WhileHeld whileHeld) throws Exception {
        try (LiveEvents live = new LiveEvents("timelab.Concurrency", "jdk.JavaThreadStatistics");
                JfrRecording recording = JfrRecording.start("server", model.label(), Optional.of(file));
                TimeServer server = TimeServer.start(ServerOptions.loopback(model), new ServerEvents());
                ConcurrencyEvents.Registration r = ConcurrencyEvents.register("server",
                        ServerEvents.concurrencyOf(server))) {
            List<LineClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < held; i++) {
                    LineClient c = new LineClient(server.port());
                    clients.add(c);
                    c.send("TIME\r\n").readLine();
                }
                live.await("timelab.Concurrency", e -> e.getLong("activeConnections") == held);
                whileHeld.run(server, live);
            } finally {
                for (LineClient c : clients) {
                    c.close();
                }
            }
            await().until(() -> server.stats().active() == 0);
            return recording.stop();
        }
    }

    public static Path serverHolding(Path file, ServerModel model, int held) throws Exception {
        return serverHolding(file, model, held, (server, live) -> { });
    }

    /** What a test does inside the recording besides the requests (e.g. pin a virtual thread). */
    @FunctionalInterface
    public interface AlsoRecorded {
        void run() throws Exception;
    }

    /**
     * Records, with {@code timelab.jfc}'s settings, the server's JFR listener told of each of {@code timings} as
     * a server tells it of each request answered after its work, and whatever {@code also} does.
     */
    public static Path serverRequests(Path file, List<RequestTiming> timings, AlsoRecorded also) throws Exception {
        ServerEvents events = new ServerEvents();
        try (JfrRecording recording = JfrRecording.start("server", "requests", Optional.of(file))) {
            timings.forEach(events::requestServed);
            also.run();
            return recording.stop();
        }
    }

    /**
     * Pins a virtual thread for real, on every JDK: {@code touch} initialises a class whose static initializer counts
     * {@code entered} down and then waits for {@code release}. A virtual thread that blocks inside a class
     * initializer cannot unmount (JEP 491 left this case pinned), so it parks on its carrier and JFR writes a
     * {@code jdk.VirtualThreadPinned} event whose stack shows the {@code <clinit>}. A class initialises once per JVM:
     * each caller brings its own class.
     */
    public static void pinInAClassInitializer(Runnable touch, CountDownLatch entered, CountDownLatch release)
            throws InterruptedException {
        Thread t = Thread.ofVirtual().name("pinned-in-clinit").start(touch);
        try {
            entered.await();
            await().atMost(Duration.ofSeconds(30)).until(() -> t.getState() == Thread.State.WAITING);
        } finally {
            release.countDown();
            t.join();
        }
    }
}
