package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import timelab.ChildJvm;
import timelab.ChildProcesses;
import timelab.app.ExitCode;
import timelab.fork.Message;
import timelab.server.ServerStatus;
import timelab.server.WorkerStatus;

/**
 * {@code timelab server --processes N} as a user runs it: a real parent JVM forking real worker JVMs on one port
 * (port 0), clients from several 127.0.0.x sources so that the kernel's 4-tuple hash spreads them.
 */
class ServerProcessesTest {

    private static final int SOURCES = 8;

    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeClientsAndCheckNoProcessIsLeft() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        ChildProcesses.assertNoneLeftBehind();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"platform", "virtual", "nio", "netty:1"})
    void theStatusIsTheSumOfTheWorkersAndTheFinalTheSumOfTheirFinals(String model) throws Exception {
        int held = 24;
        try (ChildJvm server = ChildJvm.timelab("server", "--model", model, "--processes", "2", "--port", "0",
                "--bind", "127.0.0.1", "--status-interval", "200ms", "--status-format", "json")) {
            Message.Listening listening = server.awaitMessage(Message.Listening.class, l -> true,
                    Duration.ofSeconds(60));
            assertThat(listening.pid()).isEqualTo(server.process().pid());
            assertThat(listening.workers()).hasSize(2).doesNotContain(listening.pid());
            for (int i = 0; i < held; i++) {
                assertThat(time(open(listening.port(), i))).startsWith("JAM ");
            }
            Message.Status status = server.awaitMessage(Message.Status.class,
                    s -> s.status().active() == held && s.workers().size() == 2, Duration.ofSeconds(20));
            assertThat(status.status()).isEqualTo(ServerStatus.total(statuses(status.workers())));
            assertThat(status.workers()).extracting(WorkerStatus::pid)
                    .containsExactlyElementsOf(listening.workers());
            assertThat(status.workers()).allSatisfy(w -> assertThat(w.status().active()).as("pid " + w.pid())
                    .isPositive());
            assertThat(server.terminate(Duration.ofSeconds(40))).isZero();
            Message.Final last = server.awaitMessage(Message.Final.class, f -> true, Duration.ofSeconds(5));
            assertThat(last.workers()).hasSize(2);
            assertThat(last.status()).isEqualTo(ServerStatus.total(statuses(last.workers())));
            assertThat(last.status().accepted()).isEqualTo(held);
            assertThat(last.status().requests()).isEqualTo(held);
            assertThat(last.status().active()).isZero();
            assertThat(server.lines()).anyMatch(l -> l.matches("served-by-model \\S+=" + held));
        }
    }

    @Test
    void sigtermOnTheParentDrainsEveryWorkerAndTheInFlightRequestsAreAnswered() throws Exception {
        int inFlight = 8;
        try (ChildJvm server = ChildJvm.timelab("server", "--model", "virtual", "--processes", "2", "--port", "0",
                "--bind", "127.0.0.1", "--work", "delay:1500ms", "--status-interval", "100ms",
                "--status-format", "json")) {
            int port = server.awaitServerPort();
            List<Socket> asked = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                Socket s = open(port, i);
                s.getOutputStream().write("TIME\r\n".getBytes(StandardCharsets.US_ASCII));
                asked.add(s);
            }
            server.awaitMessage(Message.Status.class, s -> s.status().inFlight() == inFlight, Duration.ofSeconds(20));
            server.process().toHandle().destroy(); // SIGTERM to the parent only: it drains the workers
            for (Socket s : asked) {
                assertThat(readLine(s)).startsWith("JAM ");
            }
            assertThat(server.process().waitFor(40, TimeUnit.SECONDS)).as("the parent exits").isTrue();
            assertThat(server.process().exitValue()).isZero();
            Message.Final last = server.awaitMessage(Message.Final.class, f -> true, Duration.ofSeconds(5));
            assertThat(last.status().requests()).isEqualTo(inFlight);
            assertThat(last.workers()).hasSize(2);
        }
    }

    @Test
    void aWorkerThatDiesIsReportedInOneLineTheOthersServeAndTheRunEndsWithExitCodeThree() throws Exception {
        try (ChildJvm server = ChildJvm.timelab("server", "--model", "nio", "--processes", "2", "--port", "0",
                "--bind", "127.0.0.1", "--status-interval", "0", "--status-format", "json")) {
            Message.Listening listening = server.awaitMessage(Message.Listening.class, l -> true,
                    Duration.ofSeconds(60));
            long victim = listening.workers().getFirst();
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            server.awaitLine(l -> l.startsWith("worker 1 (pid " + victim + ") exited with code 137"),
                    Duration.ofSeconds(20));
            for (int i = 0; i < SOURCES; i++) {
                assertThat(time(open(listening.port(), i))).as("the other worker serves").startsWith("JAM ");
            }
            assertThat(server.terminate(Duration.ofSeconds(40))).isEqualTo(ExitCode.ERROR.code());
            assertThat(server.lines()).anyMatch(l -> l.startsWith("timelab: worker 1 (pid " + victim + ")"));
        }
    }

    @Test
    void aLiveSwitchIsRefusedInOneLineOnTheParentAndOnAWorker() throws Exception {
        try (ChildJvm server = ChildJvm.timelab("server", "--model", "platform", "--processes", "2", "--port", "0",
                "--bind", "127.0.0.1", "--status-interval", "200ms", "--status-format", "json")) {
            Message.Listening listening = server.awaitMessage(Message.Listening.class, l -> true,
                    Duration.ofSeconds(60));
            server.awaitMessage(Message.Status.class, s -> s.workers().size() == 2, Duration.ofSeconds(20));
            assertRefused(CommandLineTest.run("server-ctl", "--pid", String.valueOf(listening.pid()), "switch",
                    "virtual"), "is the parent of 'timelab server --processes'");
            AtomicReference<CommandLineTest.Result> worker = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                worker.set(CommandLineTest.run("server-ctl", "--pid", String.valueOf(listening.workers().get(1)),
                        "switch", "virtual"));
                return worker.get().err().contains("worker of");
            });
            assertRefused(worker.get(), "a live switch is refused with workers");
            assertThat(server.terminate(Duration.ofSeconds(40))).isZero();
        }
    }

    private static void assertRefused(CommandLineTest.Result r, String expected) {
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.ERROR.code());
        assertThat(r.err().strip()).startsWith("timelab: ").contains(expected).doesNotContain("\n");
    }

    private static List<ServerStatus> statuses(List<WorkerStatus> workers) {
        return workers.stream().map(WorkerStatus::status).toList();
    }

    /** A connection from 127.0.0.{@code 1 + i % SOURCES}, closed after the test. */
    private Socket open(int port, int i) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + i % SOURCES)}), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static String time(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write("TIME\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readLine(s);
    }

    private static String readLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString().strip();
    }
}
