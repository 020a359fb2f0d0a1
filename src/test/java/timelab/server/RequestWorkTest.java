package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import timelab.LineClient;
import timelab.netty.Transport;
import timelab.work.Work;

/**
 * {@code --work} on every model: each kind does what it says on the serving thread (or, for {@code delay} on the
 * event loop, with a timer), and the server reports where the time went. Waits are asserted as lower bounds (work
 * happened) or as orders of events, never as speed.
 */
class RequestWorkTest {

    private static final long MS = 1_000_000;
    /** Clients on threads of their own (the common pool may have one thread on two cores). */
    private static final java.util.concurrent.Executor CLIENTS = r -> Thread.ofVirtual().name("test-client").start(r);

    @RegisterExtension
    final Servers servers = new Servers();

    private final List<RequestTiming> timings = new CopyOnWriteArrayList<>();
    private final ServerObserver observer = new ServerObserver() {
        @Override
        public void requestServed(RequestTiming timing) {
            timings.add(timing);
        }
    };

    TimeServer start(ServerModel model, String work) throws IOException {
        return servers.start(ServerOptions.loopback(model).withHandling(Handling.DEFAULT.withWork(Work.parse(work))),
                observer);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void everyBlockingOrTimedKindTakesAtLeastItsDurationAndIsTimedAsWork(ServerModel model) throws IOException {
        for (String work : List.of("sleep:150ms", "delay:150ms", "pinned:150ms", "cpu:150ms")) {
            timings.clear();
            TimeServer server = start(model, work);
            try (LineClient client = new LineClient(server.port())) {
                long t0 = System.nanoTime();
                client.send("TIME\r\n");
                assertThat(client.readLine()).as(work).startsWith("JAM ");
                assertThat(System.nanoTime() - t0).as(work).isGreaterThanOrEqualTo(150 * MS);
            }
            await().until(() -> timings.size() == 1);
            RequestTiming t = timings.get(0);
            assertThat(t.work()).isEqualTo(work);
            assertThat(t.model()).isEqualTo(model.label());
            assertThat(t.workNanos()).as(work).isGreaterThanOrEqualTo(150 * MS);
            assertThat(t.totalNanos()).isGreaterThanOrEqualTo(t.workNanos() + t.queuedNanos());
            assertThat(t.failed()).isFalse();
            assertThat(server.stats().work()).isEqualTo(Work.parse(work));
            server.close();
        }
    }

    @Test
    void onAPoolOfOneASecondConcurrentConnectionWaitsForTheFirstAndIsCountedAsQueued() throws Exception {
        TimeServer server = start(new ServerModel.FixedPool(1), "delay:200ms");
        long t0 = System.nanoTime();
        CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> oneRequest(server.port(), t0), CLIENTS);
        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> oneRequest(server.port(), t0), CLIENTS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().peakQueued() >= 1);
        long last = Math.max(first.get(5, TimeUnit.SECONDS), second.get(5, TimeUnit.SECONDS));
        assertThat(last).as("the second reply came after both works, one after the other")
                .isGreaterThanOrEqualTo(400 * MS);
        await().until(() -> timings.size() == 2);
        assertThat(timings).anySatisfy(t -> assertThat(t.queuedNanos()).isGreaterThanOrEqualTo(150 * MS));
        assertThat(server.stats().queued()).isZero();
        assertThat(server.stats().peakInFlight()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel(except = {ServerModel.FixedPool.class, ServerModel.Single.class})
    void modelsWithoutALimitOfTheirOwnWorkOnConcurrentRequestsAtOnce(ServerModel model) throws Exception {
        TimeServer server = start(model, "delay:300ms");
        long t0 = System.nanoTime();
        CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> oneRequest(server.port(), t0), CLIENTS);
        CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> oneRequest(server.port(), t0), CLIENTS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().peakInFlight() >= 2);
        a.get(5, TimeUnit.SECONDS);
        b.get(5, TimeUnit.SECONDS);
        assertThat(server.stats().inFlight()).isZero();
    }

    /** The models with one event loop: {@code nio}, and {@code netty:1} on each transport. */
    static Stream<ServerModel> oneLoop() {
        return Stream.concat(Stream.of(new ServerModel.EventLoop()),
                Arrays.stream(Transport.values()).map(t -> new ServerModel.Netty(1, t)));
    }

    /** The event loop models: {@code nio}, and {@code netty:2} on each transport. */
    static Stream<ServerModel> loops() {
        return Stream.concat(Stream.of(new ServerModel.EventLoop()),
                Arrays.stream(Transport.values()).map(t -> new ServerModel.Netty(2, t)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneLoop")
    void theEventLoopAnswersAnotherConnectionDuringADelayButNotDuringASleep(ServerModel model) throws Exception {
        assertThat(rejectedAnsweredBeforeTheWorkEnds(model, "delay:600ms")).isTrue();
        assertThat(rejectedAnsweredBeforeTheWorkEnds(model, "sleep:600ms")).isFalse();
    }

    /** Whether, on one loop, a request the service rejects (no work) is answered while another one works. */
    private boolean rejectedAnsweredBeforeTheWorkEnds(ServerModel model, String work) throws Exception {
        TimeServer server = start(model, work);
        try (LineClient working = new LineClient(server.port()); LineClient other = new LineClient(server.port())) {
            working.send("TIME\r\n");
            await().until(() -> server.stats().inFlight() == 1);
            other.send("HELLO\r\n");
            assertThat(other.readLine()).isEqualTo("ERROR unknown command");
            boolean workStillGoing = server.stats().inFlight() == 1;
            assertThat(working.readLine()).startsWith("JAM ");
            return workStillGoing;
        } finally {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loops")
    void theEventLoopAnswersPipelinedRequestsInOrderAfterEachDelay(ServerModel model) throws IOException {
        TimeServer server = start(model, "delay:50ms");
        try (LineClient client = new LineClient(server.port())) {
            long t0 = System.nanoTime();
            client.send("TIME\r\nHELLO\r\nTIME\r\n");
            assertThat(client.readLine()).startsWith("JAM ");
            assertThat(client.readLine()).isEqualTo("ERROR unknown command");
            assertThat(client.readLine()).startsWith("JAM ");
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(100 * MS);
        }
        await().until(() -> server.stats().requests() == 3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loops")
    void requestsSentWhileADelayIsUnderWayAreAnsweredInOrderAfterItAndAHalfCloseWaitsForThem(ServerModel model)
            throws Exception {
        TimeServer server = start(model, "delay:200ms");
        try (LineClient client = new LineClient(server.port())) {
            client.send("TIME\r\n");
            await().until(() -> server.stats().inFlight() == 1);
            client.send("HELLO\r\nTI");
            client.send("ME\r\n");
            client.socket().shutdownOutput();
            assertThat(client.readLine()).startsWith("JAM ");
            assertThat(client.readLine()).isEqualTo("ERROR unknown command");
            assertThat(client.readLine()).startsWith("JAM ");
            assertThat(client.readLine()).isNull();
        }
        await().until(() -> server.stats().requests() == 3
                && server.stats().closed().get(CloseReason.PEER_CLOSED) == 1);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel(except = ServerModel.Virtual.class)
    void cpuWorkConsumesAtLeastItsDurationOfCpuTime(ServerModel model) throws IOException {
        TimeServer server = start(model, "cpu:300ms");
        try (LineClient client = new LineClient(server.port())) {
            long cpu0 = threadCpuNanos();
            client.send("TIME\r\n");
            assertThat(client.readLine()).startsWith("JAM ");
            assertThat(threadCpuNanos() - cpu0).isGreaterThanOrEqualTo(300 * MS);
        }
    }

    /**
     * The CPU time of every live platform thread, each from its own nanosecond clock (the process's total is counted
     * in scheduler ticks, 10 ms apart). The serving thread is alive until the client closes.
     */
    private static long threadCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            sum += Math.max(0, threads.getThreadCpuTime(id));
        }
        return sum;
    }

    @Test
    void aLiveSwitchKeepsTheWork() throws IOException {
        TimeServer server = start(new ServerModel.Platform(), "delay:150ms");
        server.switchModel(new ServerModel.EventLoop());
        try (LineClient client = new LineClient(server.port())) {
            long t0 = System.nanoTime();
            client.send("TIME\r\n");
            assertThat(client.readLine()).startsWith("JAM ");
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(150 * MS);
        }
        assertThat(server.stats().work()).isEqualTo(Work.parse("delay:150ms"));
        await().until(() -> timings.size() == 1 && timings.get(0).model().equals("nio"));
    }

    private static long oneRequest(int port, long t0) {
        try (LineClient c = new LineClient(port)) {
            c.send("TIME\r\n");
            String reply = c.readLine();
            assertThat(reply).startsWith("JAM ");
            return System.nanoTime() - t0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
