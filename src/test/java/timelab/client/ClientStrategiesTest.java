package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import timelab.server.ServerObserver;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;
import timelab.service.ServiceKind;
import timelab.client.process.ProcessEngine;

/**
 * Every strategy against a real in-process server on port 0: the same work, the same accounting. The process
 * strategy spawns real child JVMs, so its client counts stay small.
 */
@Timeout(180)
class ClientStrategiesTest {

    private TimeServer server;

    static Stream<ClientStrategy> strategies() {
        return Stream.of(new ClientStrategy.PlatformThreads(), new ClientStrategy.FixedPool(2),
                new ClientStrategy.CachedPool(), new ClientStrategy.VirtualThreads(), new ClientStrategy.EventLoops(2),
                new ClientStrategy.ChildProcesses(0, new ClientStrategy.PlatformThreads()),
                ClientStrategy.parse("netty:2/io_uring", 1), ClientStrategy.parse("process:2/netty", 1))
                .flatMap(s -> s instanceof ClientStrategy.NettyLoops ? Stream.concat(NettyStrategies.each(),
                        Stream.of(s)) : Stream.of(s));
    }

    /** The blocking client on threads and the event-loop client: for what both carry out themselves. */
    static Stream<ClientStrategy> threadsAndLoops() {
        return Stream.concat(Stream.of(new ClientStrategy.VirtualThreads(), new ClientStrategy.EventLoops(2)),
                NettyStrategies.each());
    }

    /** A pool that reuses its threads and event loops that reuse theirs: for clients looping over a duration. */
    static Stream<ClientStrategy> poolAndLoops() {
        return Stream.concat(Stream.of(new ClientStrategy.FixedPool(2), new ClientStrategy.EventLoops(1)),
                NettyStrategies.each());
    }

    /** Small for child JVMs (one each), more for threads. */
    static int clients(ClientStrategy s) {
        return s instanceof ClientStrategy.ChildProcesses ? 3 : 40;
    }

    @BeforeEach
    void startServer() throws IOException {
        server = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()), ServerObserver.NONE);
    }

    @AfterEach
    void stopServerAndCheckNothingIsLeftRunning() {
        server.close();
        assertNothingLeftRunning();
    }

    /** No client or worker thread, no child JVM and no Netty loop or buffer is left once a run has ended. */
    static void assertNothingLeftRunning() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("timelab-client-")
                        || t.getName().startsWith("timelab-worker-")));
        assertThat(ProcessHandle.current().children()).as("child JVMs left running").isEmpty();
        NettyStrategies.assertNothingLeft();
    }

    private LoadPlan plan(int clients) {
        return LoadPlan.time("127.0.0.1", server.port(), clients);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void everyClientGetsItsTimeAndIsCountedOnce(ClientStrategy strategy) throws Exception {
        int n = clients(strategy);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        ClientObserver observer = new ClientObserver() {
            @Override
            public void connectionFinished(ConnectionResult r) {
                assertThat(seen.add(r.client())).as("client %d reported twice", r.client()).isTrue();
                assertThat(r.strategy()).isEqualTo(strategy.label());
            }
        };
        ClientRun run = LoadGenerator.run(plan(n).withRequests(2), strategy, observer, ProcessEngine::new);
        assertThat(run.failures()).isEmpty();
        assertThat(run.clients()).isEqualTo(n);
        assertThat(run.succeeded()).isEqualTo(n);
        assertThat(run.requests()).isEqualTo(2L * n);
        assertThat(run.request().count()).isEqualTo(2L * n);
        assertThat(run.connect().count()).isEqualTo(n);
        assertThat(seen).hasSize(n);
        assertThat(server.stats().requests()).isEqualTo(2L * n);
        assertThat(run.strategy()).isEqualTo(strategy.label());
        if (strategy instanceof ClientStrategy.ChildProcesses c) {
            int jvms = c.perClient() ? n : c.jvms();
            assertThat(run.children().spawned()).isEqualTo(jvms);
            assertThat(run.children().spawn().count()).isEqualTo(jvms);
        } else {
            assertThat(run.children()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void holdKeepsEveryConnectionOpenUntilAllAreConnected(ClientStrategy strategy) throws Exception {
        int n = clients(strategy);
        long expected = strategy instanceof ClientStrategy.FixedPool f ? f.threads() : n;
        // spread over a ramp, without the hold the connections would hardly overlap
        LoadPlan plan = plan(n).withHold(true).withRamp(Duration.ofMillis(600));
        AtomicLong serverSawWhileHeld = new AtomicLong(-1);
        PlanShare spec = new PlanShare(plan, strategy, ClientObserver.NONE, 1, n, 0, held -> {
            // everything is held now and nothing released: the server must be serving all of it at once
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> server.stats().active() >= expected);
            serverSawWhileHeld.set(server.stats().active());
        }, -1);
        ClientRun run = LoadGenerator.start(spec, ProcessEngine::new).await();
        assertThat(run.failures()).isEmpty();
        assertThat(run.succeeded()).isEqualTo(n);
        assertThat(run.heldAtOnce()).isEqualTo(expected);
        assertThat(serverSawWhileHeld).as("connections active on the server while held").hasValue(expected);
        assertThat(server.stats().peakActive()).isGreaterThanOrEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void theResultRoundTripsThroughJson(ClientStrategy strategy) throws Exception {
        ClientRun run = LoadGenerator.run(plan(Math.min(3, clients(strategy))), strategy, ClientObserver.NONE,
                ProcessEngine::new);
        String json = run.toJson();
        assertThat(json).contains("\"schemaVersion\" : " + ClientRun.SCHEMA_VERSION);
        assertThat(ClientRun.fromJson(json)).isEqualTo(run);
        assertThat(run.connect().histogram().getTotalCount()).isEqualTo(run.connect().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void aWarmUpRunsTheStrategyAgainstItsOwnResponderAndNeverTouchesTheServer(ClientStrategy strategy)
            throws Exception {
        ClientRun warm = LoadGenerator.warmUp(plan(5).withRequests(3), strategy, 30);
        if (strategy instanceof ClientStrategy.ChildProcesses) {
            assertThat(warm).as("a child JVM strategy runs no client code in this JVM").isNull();
            return;
        }
        assertThat(warm.failures()).isEmpty();
        assertThat(warm.succeeded()).isEqualTo(30);
        assertThat(warm.requests()).isEqualTo(90);
        assertThat(server.stats().accepted()).as("the server under test saw none of it").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void theWarmUpResponderAnswersEveryExchangeRight(LoadPlan.Exchange exchange) throws Exception {
        for (ClientStrategy loops : Stream.concat(Stream.of(new ClientStrategy.EventLoops(1)), NettyStrategies.each())
                .toList()) {
            ClientRun warm = LoadGenerator.warmUp(plan(1).withExchange(exchange).withRequests(2), loops, 10);
            assertThat(warm.failures()).as(loops.label()).isEmpty();
            assertThat(warm.requests()).as(loops.label()).isEqualTo(20);
        }
    }

    static Stream<LoadPlan.Exchange> exchanges() {
        return Stream.of(LoadPlan.Exchange.TIME, LoadPlan.Exchange.charcount("sí, año {n} í"),
                LoadPlan.Exchange.line("PING", "+PONG", "QUIT"), LoadPlan.Exchange.line("HELLO {n}", "", ""));
    }

    @Test
    void childJvmsCarryingManyClientsEachMergeIntoOneResult() throws Exception {
        ClientStrategy strategy = ClientStrategy.parse("process:2/virtual", 1);
        AtomicLong serverSawWhileHeld = new AtomicLong(-1);
        ClientRun run = LoadGenerator.start(new PlanShare(plan(30).withHold(true), strategy, ClientObserver.NONE, 1, 30,
                0, held -> {
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                            .until(() -> server.stats().active() >= 30);
                    serverSawWhileHeld.set(server.stats().active());
                }, -1), ProcessEngine::new).await();
        assertThat(run.failures()).isEmpty();
        assertThat(run.succeeded()).isEqualTo(30);
        assertThat(run.heldAtOnce()).as("held across both children at once").isEqualTo(30);
        assertThat(serverSawWhileHeld).as("active on the server while held").hasValue(30);
        assertThat(run.children().spawned()).isEqualTo(2);
        assertThat(run.children().sumPeakVirtualThreads()).isGreaterThanOrEqualTo(30);
        assertThat(run.children().command()).contains(timelab.client.process.ChildCommand.MAIN, "-XX:+UseSerialGC");
        assertThat(run.request().count()).isEqualTo(30);
    }

    @Test
    void atMostMaxStartingChildrenStartAtOnceAndAHoldStillSpansThemAll() throws Exception {
        LoadPlan p = plan(4).withHold(true).withSpawning(new LoadPlan.Spawning(0, 1, true, List.of()));
        ClientRun run = LoadGenerator.run(p, ClientStrategy.parse("process", 1), ClientObserver.NONE,
                ProcessEngine::new);
        assertThat(run.failures()).isEmpty();
        assertThat(run.heldAtOnce()).isEqualTo(4);
        assertThat(run.children().spawned()).isEqualTo(4);
    }

    @Test
    void virtualThreadsAreCountedByTheClientAndPlatformThreadsByTheJvm() throws Exception {
        ClientRun run = LoadGenerator.run(plan(40).withHold(true), new ClientStrategy.VirtualThreads(),
                ClientObserver.NONE, ProcessEngine::new);
        assertThat(run.resources().peakVirtualThreads()).isEqualTo(40);
        assertThat(run.resources().peakPlatformThreads()).isPositive();
        ClientRun platform = LoadGenerator.run(plan(40).withHold(true), new ClientStrategy.PlatformThreads(),
                ClientObserver.NONE, ProcessEngine::new);
        assertThat(platform.resources().peakVirtualThreads()).isZero();
        assertThat(platform.resources().peakPlatformThreads()).isGreaterThanOrEqualTo(40);
        assertThat(platform.resources().peakOpenFds()).isGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threadsAndLoops")
    void theOpenModelPacesClientsAtTheRate(ClientStrategy strategy) throws Exception {
        // 10 clients at 50/s: the last one is due 180 ms after the first
        ClientRun run = LoadGenerator.run(plan(10).withRate(50, Duration.ZERO), strategy, ClientObserver.NONE,
                ProcessEngine::new);
        assertThat(run.succeeded()).isEqualTo(10);
        assertThat(run.wallSeconds()).isGreaterThanOrEqualTo(0.18);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poolAndLoops")
    void aDurationMakesClientsLoopUntilItIsOver(ClientStrategy strategy) throws Exception {
        ClientRun run = LoadGenerator.run(plan(2).withDuration(Duration.ofMillis(400)), strategy, ClientObserver.NONE,
                ProcessEngine::new);
        assertThat(run.failures()).isEmpty();
        assertThat(run.clients()).isGreaterThan(2);
        assertThat(run.succeeded()).isEqualTo(run.clients());
        assertThat(run.wallSeconds()).isGreaterThanOrEqualTo(0.4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threadsAndLoops")
    void sourceAddressesAndSeveralPortsAreUsedRoundRobin(ClientStrategy strategy) throws Exception {
        try (TimeServer second = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()),
                ServerObserver.NONE)) {
            LoadPlan p = plan(8).withTarget("127.0.0.1", List.of(server.port(), second.port()),
                    List.of("127.0.0.1", "127.0.0.2"));
            ClientRun run = LoadGenerator.run(p, strategy, ClientObserver.NONE, ProcessEngine::new);
            assertThat(run.failures()).isEmpty();
            assertThat(server.stats().accepted()).isEqualTo(4);
            assertThat(second.stats().accepted()).isEqualTo(4);
        }
    }

    @Test
    void charcountRepliesAreCheckedAgainstTheMessage() throws Exception {
        try (TimeServer cc = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual())
                .withService(ServiceKind.CHARCOUNT), ServerObserver.NONE)) {
            LoadPlan p = LoadPlan.time("127.0.0.1", cc.port(), 12).withExchange(
                    LoadPlan.Exchange.charcount("abc{n}a"));
            ClientRun run = LoadGenerator.run(p, new ClientStrategy.VirtualThreads(), ClientObserver.NONE,
                    ProcessEngine::new);
            assertThat(run.failures()).isEmpty();
            assertThat(run.succeeded()).isEqualTo(12);
            // the same client pointed at the TIME server gets replies it cannot accept
            ClientRun wrong = LoadGenerator.run(p.withTarget("127.0.0.1", List.of(server.port()), List.of()),
                    new ClientStrategy.VirtualThreads(), ClientObserver.NONE, ProcessEngine::new);
            assertThat(wrong.failures(FailureKind.BAD_REPLY)).isEqualTo(12);
        }
    }

    @Test
    void stoppingAProcessRunCollectsEveryChildsReportAndCountsNoFailure() throws Exception {
        LoadGenerator run = LoadGenerator.start(plan(3).withRamp(Duration.ofSeconds(120)),
                ClientStrategy.parse("process", 1), ClientObserver.NONE, ProcessEngine::new);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> run.progress().ok() >= 1);
        run.stop();
        ClientRun result = run.await();
        assertThat(result.interrupted()).isTrue();
        assertThat(result.failures()).isEmpty();
        assertThat(result.succeeded()).isEqualTo(result.clients()).isPositive();
        assertThat(result.children().spawned()).isLessThan(3);
    }

    @Test
    void childJvmsWhoseNettyTransportCannotStartReportTheOneThatRanAndWhy() throws Exception {
        LoadPlan p = plan(4).withRequests(2).withSpawning(new LoadPlan.Spawning(0, 8, true,
                List.of("-Dio.netty.transport.noNative=true")));
        ClientRun run = LoadGenerator.run(p, ClientStrategy.parse("process:2/netty/io_uring", 1), ClientObserver.NONE,
                ProcessEngine::new);
        assertThat(run.failures()).isEmpty();
        assertThat(run.succeeded()).isEqualTo(4);
        assertThat(run.strategy()).isEqualTo("process:2/netty:1/nio");
        assertThat(run.transportFallback()).startsWith("io_uring unavailable: ").contains("epoll unavailable: ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threadsAndLoops")
    void stoppingAHeldRunReleasesItAndSaysItWasInterrupted(ClientStrategy strategy) throws Exception {
        // 41 clients, but the 41st never comes: its thread is held back by a ramp long enough to stop first
        LoadGenerator run = LoadGenerator.start(plan(41).withHold(true).withRamp(Duration.ofSeconds(120)), strategy,
                ClientObserver.NONE, ProcessEngine::new);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> run.progress().open() >= 2);
        run.stop();
        ClientRun result = run.await();
        assertThat(result.interrupted()).isTrue();
        assertThat(result.failures()).isEmpty();
        assertThat(result.clients()).isLessThan(41).isEqualTo(result.succeeded());
    }
}
