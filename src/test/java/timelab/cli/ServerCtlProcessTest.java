package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import timelab.ChildJvm;
import timelab.LineClient;
import timelab.StatusLines;
import timelab.app.ExitCode;

/**
 * {@code timelab server-ctl} against real server processes: the Attach API cannot attach a JVM to itself, so the
 * server runs in a child JVM and the test is the controlling side.
 */
class ServerCtlProcessTest {

    @Test
    void serverCtlSwitchesARunningServerLiveAndShowsWhichModelServedWhat() throws Exception {
        try (ChildJvm server = ChildJvm.timelab("server", "--model", "platform", "--port", "0", "--bind",
                "127.0.0.1", "--status-interval", "0", "--status-format", "json")) {
            int port = server.awaitServerPort();
            String pid = String.valueOf(server.process().pid());
            server.awaitLine(l -> l.startsWith("control: 'timelab server-ctl --pid " + pid), Duration.ofSeconds(30));
            try (LineClient c = new LineClient(port)) {
                assertThat(c.send("TIME\r\n").readLine()).startsWith("JAM ");
            }
            CommandLineTest.Result switched = CommandLineTest.run("server-ctl", "--pid", pid, "switch", "virtual");
            assertThat(switched.code()).as(switched.err()).isZero();
            assertThat(switched.out()).contains("switched pid " + pid + ": platform -> virtual");
            assertThat(StatusLines.last(switched.out().lines().toList())).containsEntry("model", "virtual");
            server.awaitLine(l -> l.startsWith("switched model platform -> virtual (live)"), Duration.ofSeconds(10));
            try (LineClient c = new LineClient(port)) {
                assertThat(c.send("TIME\r\n").readLine()).startsWith("JAM ");
            }
            AtomicReference<CommandLineTest.Result> status = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                status.set(CommandLineTest.run("server-ctl", "--pid", pid, "status"));
                return status.get().out().contains("served-by-model platform=1 virtual=1");
            });
            assertThat(status.get().code()).isZero();
            assertThat(StatusLines.last(status.get().out().lines().toList())).containsEntry("model", "virtual")
                    .containsEntry("accepted", "2").containsEntry("active", "0").containsEntry("requests", "2");
            assertThat(server.terminate(Duration.ofSeconds(20))).isZero();
            assertThat(server.lines()).contains("served-by-model platform=1 virtual=1");
        }
    }

    @Test
    void serverCtlCannotSwitchANettyServerLiveItSaysWhyInOneLineAndTheServerGoesOnServing() throws Exception {
        try (ChildJvm server = ChildJvm.timelab("server", "--model", "netty:2/epoll", "--port", "0", "--bind",
                "127.0.0.1", "--status-interval", "0", "--status-format", "json")) {
            int port = server.awaitServerPort();
            String pid = String.valueOf(server.process().pid());
            server.awaitLine(l -> l.startsWith("control: 'timelab server-ctl --pid " + pid), Duration.ofSeconds(30));
            assertOneLineError(CommandLineTest.run("server-ctl", "--pid", pid, "switch", "virtual"),
                    "the server refused the switch: cannot switch netty:2/epoll -> virtual live: netty accepts on a "
                            + "listener of its own");
            try (LineClient c = new LineClient(port)) {
                assertThat(c.send("TIME\r\n").readLine()).startsWith("JAM ");
            }
            CommandLineTest.Result status = CommandLineTest.run("server-ctl", "--pid", pid, "status");
            assertThat(StatusLines.last(status.out().lines().toList())).containsEntry("model", "netty:2/epoll");
            assertThat(server.terminate(Duration.ofSeconds(20))).isZero();
            assertThat(server.lines()).noneMatch(l -> l.startsWith("switched model"));
        }
    }

    @Test
    void aProcessThatDoesNotExistIsOneLineAndExitCodeThree() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertOneLineError(CommandLineTest.run("server-ctl", "--pid", String.valueOf(gone.pid()), "status"),
                "no process with pid " + gone.pid());
    }

    @Test
    void aProcessThatIsNotAJavaVmIsNotAttachedTo() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            assertOneLineError(CommandLineTest.run("server-ctl", "--pid", String.valueOf(sleep.pid()), "status"),
                    "is not a Java VM");
            assertThat(sleep.isAlive()).as("not sent SIGQUIT").isTrue();
        } finally {
            sleep.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aJavaVmThatIsNotATimelabServerIsNamedAsSuch() throws Exception {
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx32m", "-cp",
                System.getProperty("java.class.path"), Idle.class.getName());
        Process idle = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(idle.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).isEqualTo("ready");
            assertOneLineError(CommandLineTest.run("server-ctl", "--pid", String.valueOf(idle.pid()), "status"),
                    "is a Java VM but not a timelab server");
        } finally {
            idle.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void attachingToItselfIsRefusedClearly() {
        assertOneLineError(CommandLineTest.run("server-ctl", "--pid", String.valueOf(ProcessHandle.current().pid()),
                "status"), "attach not permitted");
    }

    @Test
    void anUnknownModelIsAUsageErrorBeforeAttachingAnywhere() {
        CommandLineTest.Result r = CommandLineTest.run("server-ctl", "--pid", "1", "switch", "threads");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("unknown model 'threads'").doesNotContain("Exception");
    }

    private static void assertOneLineError(CommandLineTest.Result r, String expected) {
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.ERROR.code());
        assertThat(r.err().strip()).startsWith("timelab: ").contains(expected).doesNotContain("\n")
                .doesNotContain("Exception");
    }

    /** A JVM that is not a timelab server: it says "ready" and waits to be killed. */
    public static final class Idle {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(2));
        }
    }
}
