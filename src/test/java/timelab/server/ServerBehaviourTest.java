package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import timelab.LineClient;
import timelab.protocol.TimeReply;
import timelab.service.ServiceKind;

/**
 * The protocol as docs/reference/protocol.md states it, on every model: real servers on port 0, real sockets on
 * loopback.
 */
class ServerBehaviourTest {

    @RegisterExtension
    final Servers servers = new Servers();

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void timeRepliesWithTheServersClockInFourteenBytes(ServerModel model) throws IOException {
        TimeServer server = servers.start(model);
        try (LineClient client = new LineClient(server.port())) {
            client.send("TIME\r\n");
            byte[] reply = client.readBytes(TimeReply.LENGTH);
            LocalTime now = LocalTime.now();
            assertThat(TimeReply.isValid(reply)).as(new String(reply)).isTrue();
            LocalTime told = TimeReply.parse(new String(reply, 0, 12));
            long apart = Math.abs(ChronoUnit.SECONDS.between(told, now));
            assertThat(Math.min(apart, 86_400 - apart)).isLessThanOrEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void pipelinedRequestsAreAnsweredInOrderAndBlankLinesIgnored(ServerModel model) throws IOException {
        AtomicLong seconds = new AtomicLong(10 * 3600);
        InstantSource ticking = () -> Instant.ofEpochSecond(seconds.getAndIncrement());
        TimeServer server = servers.start(ServerOptions.loopback(model).withService(ServiceKind.TIME),
                ServerObserver.NONE, ticking);
        try (LineClient client = new LineClient(server.port())) {
            client.send("TIME\r\n\r\n\r\nhello\r\ntime\nTIME \t\r\n");
            List<String> lines = List.of(client.readLine(), client.readLine(), client.readLine(), client.readLine());
            String zone = ZoneOffset.systemDefault().getRules().getOffset(Instant.EPOCH).getId();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(1)).isEqualTo("ERROR unknown command");
            LocalTime first = TimeReply.parse(lines.get(0));
            assertThat(TimeReply.parse(lines.get(2))).as(zone).isEqualTo(first.plusSeconds(1));
            assertThat(TimeReply.parse(lines.get(3))).isEqualTo(first.plusSeconds(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void quitClosesTheConnectionWithoutAReply(ServerModel model) throws IOException {
        TimeServer server = servers.start(model);
        try (LineClient client = new LineClient(server.port())) {
            client.send("TIME\r\nquit\r\nTIME\r\n");
            assertThat(client.readLine()).startsWith("JAM ");
            assertThat(client.readLine()).isNull();
        }
        await().until(() -> server.stats().closed().get(CloseReason.QUIT) == 1);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void unknownCommandsGetAnErrorAndTheConnectionStaysOpenUntilSixteenInARow(ServerModel model)
            throws IOException {
        TimeServer server = servers.start(model);
        try (LineClient client = new LineClient(server.port())) {
            client.send("HELLO\r\nTIME\r\n");
            assertThat(client.readLine()).isEqualTo("ERROR unknown command");
            assertThat(client.readLine()).startsWith("JAM ");
            client.send("x\r\n".repeat(Session.MAX_CONSECUTIVE_ERRORS));
            for (int i = 0; i < Session.MAX_CONSECUTIVE_ERRORS; i++) {
                assertThat(client.readLine()).isEqualTo("ERROR unknown command");
            }
            assertThat(client.isClosedByServer()).isTrue();
        }
        await().until(() -> server.stats().closed().get(CloseReason.TOO_MANY_ERRORS) == 1);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void aLineOverTheLimitGetsAnErrorAndIsClosedWithoutWaitingForItsEnd(ServerModel model) throws IOException {
        TimeServer server = servers.start(ServerOptions.loopback(model).withLimits(16, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(10)));
        try (LineClient client = new LineClient(server.port())) {
            client.send("x".repeat(17));
            assertThat(client.readLine()).isEqualTo("ERROR line too long");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void aSlowDripGetsTheLineTimeout(ServerModel model) throws IOException {
        TimeServer server = servers.start(ServerOptions.loopback(model).withLimits(256, Duration.ofMillis(300),
                Duration.ofSeconds(30), Duration.ofSeconds(10)));
        try (LineClient client = new LineClient(server.port())) {
            client.send("TI");
            assertThat(client.readLine()).isEqualTo("ERROR timeout");
            assertThat(client.isClosedByServer()).isTrue();
        }
        await().until(() -> server.stats().closed().get(CloseReason.LINE_TIMEOUT) == 1);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void anIdleConnectionIsClosedWithoutAReply(ServerModel model) throws IOException {
        TimeServer server = servers.start(ServerOptions.loopback(model).withLimits(256, Duration.ofSeconds(10),
                Duration.ofMillis(300), Duration.ofSeconds(10)));
        try (LineClient client = new LineClient(server.port())) {
            client.send("TIME\r\n");
            assertThat(client.readLine()).startsWith("JAM ");
            assertThat(client.readLine()).isNull();
        }
        await().until(() -> server.stats().closed().get(CloseReason.IDLE_TIMEOUT) == 1);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void halfCloseAnswersCompleteLinesAndDropsTheUnterminatedOne(ServerModel model) throws IOException {
        TimeServer server = servers.start(model);
        try (LineClient client = new LineClient(server.port())) {
            client.send("TIME\r\nTIME");
            client.shutdownOutput();
            assertThat(client.readLine()).startsWith("JAM ");
            assertThat(client.readLine()).isNull();
        }
        await().until(() -> server.stats().closed().get(CloseReason.PEER_CLOSED) == 1);
        assertThat(server.stats().requests()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void overMaxConnectionsAClientGetsBusy(ServerModel model) throws IOException {
        // single serves one connection at a time, so one held connection fills a cap of 1
        int cap = model instanceof ServerModel.Single ? 1 : 2;
        TimeServer server = servers.start(ServerOptions.loopback(model).withMaxConnections(cap));
        List<LineClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < cap; i++) {
                LineClient c = new LineClient(server.port());
                held.add(c);
                c.send("TIME\r\n");
                if (!(model instanceof ServerModel.FixedPool)) {
                    assertThat(c.readLine()).startsWith("JAM ");
                }
            }
            await().until(() -> server.stats().active() == cap);
            if (model instanceof ServerModel.Single) {
                // the acceptor is busy serving: the next client waits in the backlog, it is not refused
                try (LineClient waiting = new LineClient(server.port(), Duration.ofMillis(300))) {
                    waiting.send("TIME\r\n");
                    assertThat(waiting.isClosedByServer()).isFalse();
                    held.get(0).send("QUIT\r\n");
                    waiting.socket().setSoTimeout(5_000);
                    assertThat(waiting.readLine()).startsWith("JAM ");
                }
            } else {
                try (LineClient extra = new LineClient(server.port())) {
                    assertThat(extra.readLine()).isEqualTo("ERROR busy");
                    assertThat(extra.readLine()).isNull();
                }
                assertThat(server.stats().busyRejected()).isEqualTo(1);
            }
        } finally {
            for (LineClient c : held) {
                c.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void aClientResetLeaksNoThreadAndNoDescriptor(ServerModel model) throws IOException {
        TimeServer server = servers.start(model);
        try (LineClient warmUp = new LineClient(server.port())) {
            warmUp.send("TIME\r\n").readLine();
        }
        await().until(() -> server.stats().active() == 0);
        long fds = openDescriptors();
        long endedBefore = ended(server.stats());
        for (int i = 0; i < 20; i++) {
            LineClient c = new LineClient(server.port());
            c.send("TIME\r\nTI");
            c.readLine();
            c.reset();
        }
        await().until(() -> server.stats().active() == 0);
        ServerStats stats = server.stats();
        assertThat(stats.virtualThreads()).isZero();
        assertThat(ended(stats) - endedBefore).isEqualTo(20);
        await().untilAsserted(() -> assertThat(liveThreads("timelab-platform-")).isZero());
        await().untilAsserted(() -> assertThat(openDescriptors()).isLessThanOrEqualTo(fds));
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void closingAnswersWhatWasReceivedThenReleasesThePortAndEveryThread(ServerModel model) throws IOException {
        TimeServer server = servers.start(ServerOptions.loopback(model).withGrace(Duration.ofSeconds(20)));
        int port = server.port();
        try (LineClient idle = new LineClient(port); LineClient partial = new LineClient(port)) {
            idle.send("TIME\r\n").readLine();
            partial.send("TI");
            // single serves one connection at a time: the second waits in the backlog until the listener closes
            int served = model instanceof ServerModel.Single ? 1 : 2;
            await().until(() -> server.stats().active() == served);
            assertTimeoutPreemptively(Duration.ofSeconds(15), server::close); // idle connections do not hold it
            assertThat(idle.isClosedByServer()).isTrue();
            assertThat(partial.isClosedByServer()).isTrue();
        }
        assertThat(serverThreads()).isEmpty();
        assertThat(server.stats().virtualThreads()).isZero();
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void acceptedConnectionsHaveNagleOffSoRepliesAreNotHeldBack(ServerModel model) throws Exception {
        TimeServer server = servers.start(model);
        try (LineClient client = new LineClient(server.port())) {
            client.send("TIME\r\n").readLine();
            await().until(() -> server.stats().active() == 1);
            // the server's side of this very connection, found by its remote port
            String local = "127.0.0.1:" + client.socket().getLocalPort();
            Connection serverSide = server.openConnections().stream()
                    .filter(c -> c.remote.equals(local)).findFirst().orElseThrow();
            assertThat(serverSide.noDelay()).isTrue();
        }
    }

    @Test
    void theEventLoopStopsReadingFromAClientThatDoesNotReadAndTheWriteTimeoutClosesIt() throws IOException {
        TimeServer server = servers.start(ServerOptions.loopback(new ServerModel.EventLoop()).withLimits(256,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMillis(500)));
        writeWithoutReading(server);
    }

    @Test
    void aBlockingWriteToAClientThatDoesNotReadIsAbortedByTheWriteTimeout() throws IOException {
        TimeServer server = servers.start(ServerOptions.loopback(new ServerModel.Virtual()).withLimits(256,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMillis(500)));
        writeWithoutReading(server);
    }

    private static void writeWithoutReading(TimeServer server) throws IOException {
        try (LineClient client = new LineClient(server.port())) {
            byte[] chunk = "TIME\r\n".repeat(10_000).getBytes();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 2_000; i++) { // at most 120 MB: far more than every socket buffer holds
                        client.send(chunk);
                    }
                } catch (IOException e) {
                    // the server gave up on us: expected
                }
            });
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> server.stats().closed().get(CloseReason.WRITE_TIMEOUT) == 1);
            writer.interrupt();
        }
    }

    private static long ended(ServerStats stats) {
        return stats.closed().get(CloseReason.RESET) + stats.closed().get(CloseReason.PEER_CLOSED);
    }

    /** Live platform threads a TimeServer starts (client threads of other tests in this JVM are not counted). */
    static List<String> serverThreads() {
        List<String> prefixes = List.of("timelab-acceptor", "timelab-timer", "timelab-access-log", "timelab-nio-loop",
                "timelab-platform-", "timelab-fixed-", "timelab-cached-");
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> prefixes.stream().anyMatch(n::startsWith))
                .toList();
    }

    static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
                .count();
    }

    static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
