package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import timelab.ChildJvm;
import timelab.LineClient;
import timelab.fork.Message;

/** {@code timelab server} as a user runs it: a real JVM, real signals, a real open-file limit. */
class ServerCommandTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"platform", "fixed", "cached", "virtual", "nio", "single", "netty:2/io_uring",
        "netty:2/epoll", "netty:2/nio"})
    void servesUntilSigtermThenPrintsTheFinalStatusAndExitsZero(String model) throws Exception {
        try (ChildJvm server = ChildJvm.timelab("server", "--model", model, "--port", "0", "--bind", "127.0.0.1",
                "--log-each", "--status-format", "json")) {
            int port = server.awaitServerPort();
            try (LineClient client = new LineClient(port)) {
                assertThat(client.send("TIME\r\n").readLine()).startsWith("JAM ");
            }
            server.awaitLine(l -> l.startsWith("connection 1 from 127.0.0.1:"), Duration.ofSeconds(10));
            server.awaitMessage(Message.Status.class, s -> s.status().model().label().equals(model.equals("fixed")
                    ? "fixed:" + Runtime.getRuntime().availableProcessors() : model), Duration.ofSeconds(10));
            assertThat(server.terminate(Duration.ofSeconds(20))).as(String.join("\n", server.lines())).isZero();
            assertThat(server.messages()).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(Message.Final.class,
                    f -> assertThat(f.status().requests()).isEqualTo(1)));
        }
    }

    @Test
    void nettyOnATransportThatCannotStartFallsBackSaysWhyAndServes() throws Exception {
        try (ChildJvm server = ChildJvm.timelabLaunchedBy(List.of(),
                List.of("-Xmx128m", "-Dio.netty.transport.noNative=true"), "server", "--model", "netty:2/io_uring",
                "--port", "0", "--bind", "127.0.0.1", "--status-interval", "0")) {
            String banner = server.awaitLine(l -> l.startsWith("timelab server: "), Duration.ofSeconds(30));
            assertThat(banner).startsWith("timelab server: model=netty:2/nio service=time listening on 127.0.0.1:");
            server.awaitLine(l -> l.startsWith("Ctrl-C or SIGTERM"), Duration.ofSeconds(10)); // after the reason
            List<String> lines = server.lines();
            int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("netty: ")).findFirst().orElseThrow());
            StringBuilder why = new StringBuilder(lines.get(at)); // wrapped to the console: continued under "  "
            for (int i = at + 1; i < lines.size() && lines.get(i).startsWith("  "); i++) {
                assertThat(lines.get(i - 1)).hasSizeLessThanOrEqualTo(120);
                why.append(' ').append(lines.get(i).strip());
            }
            assertThat(why.toString()).startsWith("netty: fell back to netty:2/nio (asked netty:2/io_uring): io_uring "
                    + "unavailable: ").contains("epoll unavailable: ");
            int port = Integer.parseInt(banner.replaceAll(".*listening on 127\\.0\\.0\\.1:(\\d+) .*", "$1"));
            try (LineClient client = new LineClient(port)) {
                assertThat(client.send("TIME\r\n").readLine()).startsWith("JAM ");
            }
            assertThat(server.terminate(Duration.ofSeconds(20))).as(String.join("\n", server.lines())).isZero();
            assertThat(server.lines()).anyMatch(l -> l.startsWith("final status model=netty:2/nio accepted=1 "));
        }
    }

    @Test
    void forHumansTheBannerAndTheStatusLinesForProgramsTheMessages() throws Exception {
        try (ChildJvm human = ChildJvm.timelab("server", "--model", "virtual", "--port", "0", "--bind", "127.0.0.1",
                "--status-interval", "200ms");
                ChildJvm json = ChildJvm.timelab("server", "--model", "virtual", "--port", "0", "--bind",
                        "127.0.0.1", "--status-interval", "200ms", "--status-format", "json")) {
            human.awaitLine(l -> l.startsWith("status model=virtual accepted=0 "), Duration.ofSeconds(30));
            Message.Listening where = json.awaitMessage(Message.Listening.class, l -> true, Duration.ofSeconds(30));
            assertThat(where.address()).isEqualTo("127.0.0.1");
            assertThat(where.port()).isPositive();
            assertThat(where.pid()).isEqualTo(json.process().pid());
            assertThat(where.model().label()).isEqualTo("virtual");
            assertThat(where.service()).isEqualTo(timelab.service.ServiceKind.TIME);
            json.awaitMessage(Message.Status.class, st -> st.status().model().label().equals("virtual"),
                    Duration.ofSeconds(10));
            assertThat(human.terminate(Duration.ofSeconds(20))).isZero();
            assertThat(json.terminate(Duration.ofSeconds(20))).isZero();
            assertThat(human.messages()).isEmpty();
            assertThat(human.lines()).anyMatch(l -> l.startsWith("timelab server: model=virtual service=time "
                    + "listening on 127.0.0.1:")).anyMatch(l -> l.startsWith("final status model=virtual "));
            assertThat(json.lines()).anyMatch(l -> l.startsWith("timelab server: model=virtual service=time "
                    + "listening on 127.0.0.1:" + where.port() + " (backlog " + where.backlog() + ", max-connections "
                    + where.maxConnections() + ")")).noneMatch(l -> l.startsWith("status ") || l.startsWith("final "));
            assertThat(json.messages()).last().isInstanceOf(Message.Final.class);
        }
    }

    @Test
    void atTheOpenFileLimitTheAcceptLoopBacksOffAndRecovers() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit (util-linux)");
        try (ChildJvm server = ChildJvm.timelabWithFdLimit(96, "server", "--model", "virtual", "--port", "0",
                "--bind", "127.0.0.1", "--max-connections", "1000", "--status-interval", "500ms",
                "--status-format", "json")) {
            int port = server.awaitServerPort();
            List<LineClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 120; i++) { // more than the server has descriptors for
                    clients.add(new LineClient(port, Duration.ofMillis(200)));
                }
                server.awaitLine(l -> l.contains("accept failed") && l.contains("Too many open files"),
                        Duration.ofSeconds(10));
                long failuresBefore = acceptFailures(server);
                Thread.sleep(3_000);
                long perSecond = (acceptFailures(server) - failuresBefore) / 3;
                assertThat(perSecond).as("failed accepts per second while exhausted").isLessThanOrEqualTo(10);
            } finally {
                for (LineClient c : clients) {
                    c.close();
                }
            }
            try (LineClient after = new LineClient(port, Duration.ofSeconds(10))) {
                String reply;
                try {
                    reply = after.send("TIME\r\n").readLine();
                } catch (java.net.SocketTimeoutException e) {
                    // say what the server said meanwhile, not just "timed out"
                    throw new AssertionError("no reply after the descriptors came back; the server printed:\n"
                            + String.join("\n", server.lines()), e);
                }
                assertThat(reply).as(String.join("\n", server.lines())).startsWith("JAM ");
            }
            assertThat(server.process().isAlive()).isTrue();
        }
    }

    /**
     * Thread exhaustion, for real: root is exempt from RLIMIT_NPROC, so the child gets a small address space and big
     * thread stacks instead; after a few dozen connection threads {@code pthread_create} fails with EAGAIN. One malloc
     * arena ({@code MALLOC_ARENA_MAX=1}) keeps glibc from reserving 64 MB per thread, so that the stacks, not
     * malloc, run out first (otherwise the JVM itself aborts on a failed malloc).
     */
    @Test
    void whenNoThreadCanBeStartedTheConnectionIsClosedCountedAndTheServerRecovers() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit (util-linux)");
        try (ChildJvm server = ChildJvm.timelabLaunchedBy(
                List.of("prlimit", "--as=1500000000", "--", "env", "MALLOC_ARENA_MAX=1"),
                List.of("-Xmx64m", "-XX:ReservedCodeCacheSize=32m", "-XX:CompressedClassSpaceSize=64m",
                        "-XX:MaxMetaspaceSize=96m", "-XX:+UseSerialGC", "-Xss16m"),
                "server", "--model", "platform", "--port", "0", "--bind", "127.0.0.1", "--status-interval", "0",
                "--status-format", "json")) {
            int port = server.awaitServerPort();
            List<LineClient> clients = new ArrayList<>();
            int served = 0;
            int closedUnserved = 0;
            try {
                for (int i = 0; i < 60; i++) {
                    LineClient c = new LineClient(port, Duration.ofSeconds(10));
                    clients.add(c);
                    String reply;
                    try {
                        reply = c.send("TIME\r\n").readLine();
                    } catch (java.net.SocketException e) {
                        reply = null; // closed with our request unread: a reset
                    }
                    if (reply != null && reply.startsWith("JAM ")) {
                        served++;
                    } else {
                        closedUnserved++;
                    }
                }
                server.awaitLine(l -> l.startsWith("problem: cannot start a thread"), Duration.ofSeconds(10));
            } finally {
                for (LineClient c : clients) {
                    c.close();
                }
            }
            assertThat(served).as("connections that got a thread").isPositive();
            assertThat(closedUnserved).as("connections closed for want of a thread").isPositive();
            // once the served connections' threads have ended, a new client is served again
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                try (LineClient after = new LineClient(port, Duration.ofSeconds(5))) {
                    String reply = after.send("TIME\r\n").readLine();
                    return reply != null && reply.startsWith("JAM ");
                }
            });
            assertThat(server.terminate(Duration.ofSeconds(20))).isZero();
            assertThat(server.messages()).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(Message.Final.class,
                    f -> assertThat(f.status().noThread()).isNotZero()));
        }
    }

    @Test
    void theCourseworkFlagsReachTheServerAndItsReplyEndsInWhatTheTemplateSays() throws Exception {
        try (ChildJvm server = ChildJvm.timelab("server", "--model", "nio", "--port", "0", "--bind", "127.0.0.1",
                "--status-interval", "0", "--status-format", "json", "--framing", "chunk", "--service", "echo",
                "--reply", "OK - recebido: {msg}\\n", "--one-request")) {
            int port = server.awaitServerPort();
            try (LineClient client = new LineClient(port)) {
                client.send("Tarefa do Cliente 1");
                assertThat(new String(client.socket().getInputStream().readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("OK - recebido: Tarefa do Cliente 1\n");
            }
            assertThat(server.terminate(Duration.ofSeconds(20))).isZero();
        }
    }

    private static long acceptFailures(ChildJvm server) {
        long last = 0;
        for (Message m : server.messages()) {
            if (m instanceof Message.Status s) {
                last = s.status().acceptFailures();
            }
        }
        return last;
    }
}
