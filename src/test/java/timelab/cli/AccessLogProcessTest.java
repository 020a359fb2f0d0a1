package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import timelab.AccessLogFile;
import timelab.CharCountOracle;
import timelab.ChildJvm;
import timelab.fork.Message;
import timelab.LineClient;
import timelab.app.ExitCode;

/** {@code timelab server --access-log} as a user runs it: a real JVM stopped by a real SIGTERM. */
class AccessLogProcessTest {

    private static final int CLIENTS = 16;
    private static final int PER_CONNECTION = 20;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"platform", "fixed", "cached", "virtual", "nio", "single"})
    void sigtermUnderLoadLeavesALineForEveryReplyAndAsManyLinesAsRequests(String model) throws Exception {
        Path log = dir.resolve("requests.log");
        try (ChildJvm server = ChildJvm.timelab("server", "--service", "charcount", "--model", model,
                "--port", "0", "--bind", "127.0.0.1", "--backlog", "256", "--status-interval", "0",
                "--access-log", log.toString(), "--status-format", "json")) {
            int port = server.awaitServerPort();
            ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> failuresBeforeStop = new ConcurrentLinkedQueue<>();
            AtomicBoolean stopping = new AtomicBoolean();
            ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                clients.submit(() -> client(port, id, received, stopping, failuresBeforeStop));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 2_000);
            stopping.set(true);
            int code = server.terminate(Duration.ofSeconds(60)); // SIGTERM while the clients keep sending
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(failuresBeforeStop).isEmpty();
            assertThat(code).as(String.join("\n", server.lines())).isZero();
            long requests = finalRequests(server);
            AccessLogFile file = AccessLogFile.read(log); // every line whole
            assertThat(file.size()).as("log lines vs the final status' requests=").isEqualTo(requests);
            Set<String> logged = new HashSet<>();
            for (AccessLogFile.Line line : file.lines()) {
                assertThat(logged.add(line.requestText())).as("logged twice: " + line.requestText()).isTrue();
                assertThat(line.reply()).isEqualTo(CharCountOracle.reply(line.requestText()));
            }
            assertThat(logged).as("every reply a client received has its line").containsAll(received);
            assertThat(server.lines()).contains("access log: " + requests + " lines in " + log + ", forced to disk");
        }
    }

    /** Connects, sends {@link #PER_CONNECTION} unique requests one at a time, checks each reply; again and again. */
    private static void client(int port, int id, ConcurrentLinkedQueue<String> received, AtomicBoolean stopping,
            ConcurrentLinkedQueue<String> failuresBeforeStop) {
        for (int round = 0; ; round++) {
            try (LineClient client = new LineClient(port, Duration.ofSeconds(30))) {
                for (int i = 0; i < PER_CONNECTION; i++) {
                    String message = "c" + id + "-" + round + "-" + i + "x".repeat(i % 5);
                    String reply = client.send(message + "\r\n").readLine();
                    if (reply == null) {
                        throw new IOException("closed by the server");
                    }
                    if (!reply.equals(CharCountOracle.reply(message))) {
                        failuresBeforeStop.add(message + " -> " + reply);
                        return;
                    }
                    received.add(message);
                }
            } catch (IOException e) {
                if (!stopping.get()) {
                    failuresBeforeStop.add(e.toString());
                }
                return; // the server is going away: what this client received is what counts
            }
        }
    }

    @Test
    void aLogThatFailsWhileServingStopsTheServerWithExitCodeThree() throws Exception {
        assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs /dev/full");
        try (ChildJvm server = ChildJvm.timelab("server", "--port", "0", "--bind", "127.0.0.1",
                "--status-interval", "0", "--access-log", "/dev/full", "--status-format", "json")) {
            int port = server.awaitServerPort();
            try (LineClient client = new LineClient(port)) {
                client.send("TIME\r\n");
                server.awaitLine(l -> l.startsWith("problem: the access log /dev/full cannot be written"),
                        Duration.ofSeconds(20));
            }
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).as(String.join("\n", server.lines()))
                    .isTrue();
            assertThat(server.process().exitValue()).isEqualTo(ExitCode.ERROR.code());
            server.awaitLine(l -> l.equals("timelab: the access log /dev/full cannot be written (No space left on "
                    + "device): stopped serving, as the server does not serve unlogged"), Duration.ofSeconds(10));
            assertThat(server.lines()).contains(
                    "access log: 0 lines in /dev/full; FAILED (No space left on device), 1 line not written");
        }
    }

    @Test
    void aLogThatCannotBeOpenedIsOneLineAndExitCodeThree() {
        CommandLineTest.Result r = CommandLineTest.run("server", "--port", "0", "--bind", "127.0.0.1",
                "--access-log", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCode.ERROR.code());
        assertThat(r.err().strip()).isEqualTo("timelab: cannot open the access log " + dir + ": Is a directory");
    }

    @Test
    void anUnknownFsyncModeIsAUsageError() {
        CommandLineTest.Result r = CommandLineTest.run("server", "--access-log-fsync", "sometimes");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("unknown fsync mode 'sometimes' (choose always, everysec or no)");
    }

    private static long finalRequests(ChildJvm server) {
        for (Message m : server.messages()) {
            if (m instanceof Message.Final f) {
                return f.status().requests();
            }
        }
        throw new AssertionError("no final status in:\n" + String.join("\n", server.lines()));
    }
}
