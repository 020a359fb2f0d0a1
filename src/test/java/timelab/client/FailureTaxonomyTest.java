package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import timelab.ChildJvm;
import timelab.LineClient;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.server.ServerObserver;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;
import timelab.client.process.ProcessEngine;

/** Each failure kind provoked for real — a real socket, a real kernel, a real limit — and classified. */
@Timeout(180)
class FailureTaxonomyTest {

    private static final Duration SHORT = Duration.ofMillis(500);

    private static LoadPlan plan(int port, int clients) {
        return LoadPlan.time("127.0.0.1", port, clients).withTimeouts(SHORT, SHORT);
    }

    /**
     * The two ways a client's connection is carried in one JVM: blocking sockets on threads ({@code virtual}; the
     * other thread strategies run the same {@link BlockingDriver}) and non-blocking channels on a selector
     * ({@code nio}, {@link SelectorDriver}). Each failure must look the same from both.
     */
    static Stream<ClientStrategy> inProcessIo() {
        return Stream.concat(Stream.of(new ClientStrategy.VirtualThreads(), new ClientStrategy.EventLoops(1)),
                NettyStrategies.each());
    }

    private static ClientRun run(LoadPlan plan, ClientStrategy strategy) throws InterruptedException {
        return LoadGenerator.run(plan, strategy, ClientObserver.NONE, ProcessEngine::new);
    }

    /** Platform threads' blocking connect (with its own timeout) and the event loop's. */
    static Stream<ClientStrategy> blockingAndNot() {
        return Stream.concat(Stream.of(new ClientStrategy.PlatformThreads(), new ClientStrategy.EventLoops(1)),
                NettyStrategies.each());
    }

    @AfterEach
    void noNettyLoopOrBufferIsLeft() {
        NettyStrategies.assertNothingLeft();
    }

    /** A port nothing listens on (just released by the kernel). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inProcessIo")
    void nothingListeningIsRefused(ClientStrategy strategy) throws Exception {
        ClientRun r = run(plan(freePort(), 3), strategy);
        assertThat(r.failures(FailureKind.REFUSED)).isEqualTo(3);
        assertThat(r.failures().get("refused").examples()).anyMatch(m -> m.contains("Connection refused"));
        assertThat(r.failures().get("refused").meaning()).isEqualTo(FailureKind.REFUSED.explain());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blockingAndNot")
    void aFullAcceptQueueDropsSynsAsConnectTimeoutsAndTheQueuedAreNeverServed(ClientStrategy strategy)
            throws Exception {
        // backlog 1, never accepting: the kernel queues two connections and drops further SYNs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ClientRun r = run(plan(full.getLocalPort(), 5), strategy);
            assertThat(r.failed()).isEqualTo(5);
            assertThat(r.failures(FailureKind.CONNECT_TIMEOUT)).isPositive();
            assertThat(r.failures(FailureKind.NEVER_SERVED)).isPositive();
            assertThat(r.failures(FailureKind.CONNECT_TIMEOUT) + r.failures(FailureKind.NEVER_SERVED)).isEqualTo(5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inProcessIo")
    void aServerThatAcceptsButNeverAnswersIsNeverServed(ClientStrategy strategy) throws Exception {
        try (FakeServer silent = new FakeServer(s -> FakeServer.readLine(s.getInputStream()))) {
            ClientRun r = run(plan(silent.port(), 3), strategy);
            assertThat(r.failures(FailureKind.NEVER_SERVED)).isEqualTo(3);
            assertThat(r.failures().get("never-served").examples()).anyMatch(m -> m.contains("Read timed out"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inProcessIo")
    void aServerThatStopsAnsweringAfterServingIsAReadTimeout(ClientStrategy strategy) throws Exception {
        try (FakeServer once = new FakeServer(s -> {
            FakeServer.readLine(s.getInputStream());
            FakeServer.write(s, "JAM 10:00:00\r\n");
            FakeServer.readLine(s.getInputStream());
            FakeServer.readLine(s.getInputStream()); // and silence
        })) {
            ClientRun r = run(plan(once.port(), 3).withRequests(2), strategy);
            assertThat(r.failures(FailureKind.READ_TIMEOUT)).isEqualTo(3);
            assertThat(r.requests()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inProcessIo")
    void aServerThatResetsIsReset(ClientStrategy strategy) throws Exception {
        try (FakeServer rude = new FakeServer(s -> {
            FakeServer.readLine(s.getInputStream());
            s.setSoLinger(true, 0);
            s.close();
        })) {
            ClientRun r = run(plan(rude.port(), 3), strategy);
            assertThat(r.failures(FailureKind.RESET)).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inProcessIo")
    void aServerThatHangsUpCleanlyBeforeReplyingIsServerClosed(ClientStrategy strategy) throws Exception {
        try (FakeServer quitter = new FakeServer(s -> {
            FakeServer.readLine(s.getInputStream());
            s.shutdownOutput();
            FakeServer.readLine(s.getInputStream());
        })) {
            ClientRun r = run(plan(quitter.port(), 3), strategy);
            assertThat(r.failures(FailureKind.SERVER_CLOSED)).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inProcessIo")
    void wrongRepliesAreBadRepliesAndAnEchoIsASelfConnect(ClientStrategy strategy) throws Exception {
        try (FakeServer wrong = new FakeServer(s -> {
            FakeServer.readLine(s.getInputStream());
            FakeServer.write(s, "JAM 25:61:00\r\n");
        }); FakeServer echo = new FakeServer(s -> {
            String line = FakeServer.readLine(s.getInputStream());
            FakeServer.write(s, line + "\r\n");
        })) {
            ClientRun bad = run(plan(wrong.port(), 2), strategy);
            assertThat(bad.failures(FailureKind.BAD_REPLY)).isEqualTo(2);
            assertThat(bad.failures().get("bad-reply").examples().get(0)).contains("JAM 25:61:00");
            ClientRun echoed = run(plan(echo.port(), 2), strategy);
            assertThat(echoed.failures(FailureKind.SELF_CONNECT)).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inProcessIo")
    void aServerAtItsConnectionCapIsBusy(ClientStrategy strategy) throws Exception {
        try (TimeServer capped = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual())
                .withMaxConnections(1), ServerObserver.NONE);
                LineClient holder = new LineClient(capped.port())) {
            holder.send("TIME\r\n").readLine();
            ClientRun r = run(plan(capped.port(), 3), strategy);
            assertThat(r.failures(FailureKind.BUSY)).isEqualTo(3);
            assertThat(capped.stats().busyRejected()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inProcessIo")
    void aSocketConnectedToItselfIsASelfConnect(ClientStrategy strategy) throws Exception {
        // bind to 127.0.0.1:P and connect to 127.0.0.1:P with nothing listening: TCP simultaneous open
        int port = freePort();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Tally tally = new Tally();
        ConnectionPlan request = new ConnectionPlan(strategy.label(), plan(port, 1), loopback, 1, tally,
                client -> new InetSocketAddress(loopback, port));
        ConnectionResult r;
        Loops loops = switch (strategy) {
            case ClientStrategy.EventLoops e -> new SelectorDriver(e.loops());
            case ClientStrategy.NettyLoops n -> new NettyDriver(n);
            default -> null;
        };
        if (loops != null) {
            CompletableFuture<ConnectionResult> result = new CompletableFuture<>();
            loops.connect(request, 1, -1, null, result::complete);
            r = result.get(10, TimeUnit.SECONDS);
            loops.close();
        } else {
            r = new BlockingDriver(request).run(1, -1, null);
        }
        assertThat(r.outcome()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) r.outcome()).kind()).isEqualTo(FailureKind.SELF_CONNECT);
        assertThat(((Outcome.Failed) r.outcome()).rawMessage()).contains("127.0.0.1:" + port);
        assertThat(tally.open.value()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inProcessIo")
    void aReplyInPiecesIsOneReplyAndAnExtraLineAnswersTheNextRequest(ClientStrategy strategy) throws Exception {
        try (FakeServer slow = new FakeServer(s -> {
            FakeServer.readLine(s.getInputStream());
            FakeServer.write(s, "JAM 1");
            sleep(30);
            FakeServer.write(s, "0:00:");
            sleep(30);
            FakeServer.write(s, "00\r");
            sleep(30);
            FakeServer.write(s, "\n");
            FakeServer.readLine(s.getInputStream());
            FakeServer.write(s, "JAM 10:00:01\r\nJAM 10:00:02\r\n"); // two replies to one request
            FakeServer.readLine(s.getInputStream());
            FakeServer.readLine(s.getInputStream()); // QUIT
        })) {
            ClientRun r = run(plan(slow.port(), 3).withRequests(3), strategy);
            assertThat(r.failures()).isEmpty();
            assertThat(r.requests()).as("the extra line answers request 3 before it is read").isEqualTo(9);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inProcessIo")
    void aReplyLongerThanTheLimitIsJudgedAsItIsAndIsABadReply(ClientStrategy strategy) throws Exception {
        try (FakeServer flood = new FakeServer(s -> {
            FakeServer.readLine(s.getInputStream());
            FakeServer.write(s, "J".repeat(3 * ConnectionPlan.MAX_REPLY));
            FakeServer.readLine(s.getInputStream());
        })) {
            ClientRun r = run(plan(flood.port(), 2), strategy);
            assertThat(r.failures(FailureKind.BAD_REPLY)).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inProcessIo")
    void aServerThatSaysBusyAndClosesWhileTheClientIsHeldIsBusy(ClientStrategy strategy) throws Exception {
        try (FakeServer full = new FakeServer(s -> {
            FakeServer.write(s, "ERROR busy\r\n");
            s.close();
        })) {
            ClientRun r = run(plan(full.port(), 3).withHold(true), strategy);
            assertThat(r.failures(FailureKind.BUSY)).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inProcessIo")
    void aServerThatClosesSilentlyWhileTheClientIsHeldIsServerClosed(ClientStrategy strategy) throws Exception {
        try (FakeServer rude = new FakeServer(s -> s.close())) {
            ClientRun r = run(plan(rude.port(), 3).withHold(true), strategy);
            assertThat(r.failed()).isEqualTo(3);
            assertThat(r.failures(FailureKind.SERVER_CLOSED) + r.failures(FailureKind.BROKEN_PIPE)
                    + r.failures(FailureKind.RESET)).as("what the first request finds: %s", r.failures()).isEqualTo(3);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aSpawnRefusedByAdmissionControlIsProcessSpawnFailedWithTheReason() throws Exception {
        try (TimeServer s = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()), ServerObserver.NONE)) {
            LoadPlan p = plan(s.port(), 2).withSpawning(new LoadPlan.Spawning(1L << 60, 8, true, List.of()));
            ClientRun r = LoadGenerator.run(p, ClientStrategy.parse("process", 1), ClientObserver.NONE,
                    ProcessEngine::new);
            assertThat(r.failures(FailureKind.PROCESS_SPAWN_FAILED)).isEqualTo(2);
            assertThat(r.failures().get("process-spawn-failed").examples().get(0))
                    .contains("admission control").contains("MemAvailable");
            assertThat(r.children().spawned()).isZero();
            assertThat(r.children().spawnFailed()).isEqualTo(2);
        }
    }

    @Test
    void aChildThatDiesShowsItsLastOutputLines() throws Exception {
        try (TimeServer s = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()), ServerObserver.NONE)) {
            LoadPlan p = plan(s.port(), 4).withSpawning(new LoadPlan.Spawning(0, 8, true,
                    List.of("-XX:+TimelabNoSuchOption")));
            ClientRun r = LoadGenerator.run(p, ClientStrategy.parse("process:2/virtual", 1), ClientObserver.NONE,
                    ProcessEngine::new);
            assertThat(r.failures(FailureKind.CHILD_DIED)).isEqualTo(4);
            assertThat(r.children().died()).isEqualTo(2);
            ClientRun.ChildFailure f = r.children().failures().get(0);
            assertThat(f.exitCode()).isNotNull().isNotZero();
            assertThat(f.lastLines()).anyMatch(l -> l.contains("TimelabNoSuchOption"));
        }
    }

    @Test
    void theDescriptorLimitOfTheClientProcessIsTooManyOpenFiles(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit (util-linux)");
        try (TimeServer s = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()), ServerObserver.NONE)) {
            Path json = dir.resolve("run.json");
            try (ChildJvm client = ChildJvm.timelabWithFdLimit(96, "client", "--strategy", "virtual", "--clients",
                    "200", "--hold", "--port", Integer.toString(s.port()), "--json", json.toString(), "--progress",
                    "off")) {
                assertThat(client.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
                String output = String.join("\n", client.lines());
                assertThat(client.process().exitValue()).as(output).isEqualTo(1);
                assertThat(output).contains("too-many-open-files").doesNotContain("\tat ")
                        .doesNotContain("Exception in thread");
                ClientRun r = ClientRun.fromJson(Files.readString(json));
                assertThat(r.failures(FailureKind.TOO_MANY_OPEN_FILES)).isPositive();
                assertThat(r.failures().get("too-many-open-files").examples())
                        .anyMatch(m -> m.contains("Too many open files"));
                assertThat(r.succeeded() + r.failed()).isEqualTo(200);
                assertThat(r.failures().keySet()).as("virtual-thread I/O keeps working at the limit (the poller "
                        + "was set up at start): " + r.failures()).containsOnly("too-many-open-files");
            }
        }
    }

    @Test
    void aClientJvmThatCannotStartMoreThreadsCountsThreadCreationFailed(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit (util-linux)");
        try (TimeServer s = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()), ServerObserver.NONE)) {
            Path json = dir.resolve("run.json");
            // a 2 GiB address space with 16 MiB thread stacks: room for a few dozen threads, not 300
            List<String> cmd = new ArrayList<>(List.of("prlimit", "--as=2000000000", "--",
                    ProcessHandle.current().info().command().orElse("java"), "-Xmx64m", "-Xss16m",
                    "-XX:TieredStopAtLevel=1", "-XX:CompressedClassSpaceSize=64m", "-cp",
                    System.getProperty("java.class.path"), "timelab.Main",
                    "client", "--strategy", "platform", "--clients", "300", "--hold", "--port",
                    Integer.toString(s.port()), "--json", json.toString(), "--progress", "off"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try {
                String output = new String(p.getInputStream().readAllBytes());
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(output).isEqualTo(1);
                assertThat(output).contains("thread-creation-failed").doesNotContain("\tat ");
                ClientRun r = ClientRun.fromJson(Files.readString(json));
                assertThat(r.failures(FailureKind.THREAD_CREATION_FAILED)).isPositive();
                assertThat(r.succeeded()).isPositive();
                assertThat(r.succeeded() + r.failed()).isEqualTo(300);
            } finally {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
