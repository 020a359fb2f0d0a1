package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import timelab.ChildProcesses;
import timelab.app.ExitCode;

/** The command line in-process: what a user sees for good and bad input, and the exit codes. */
class CommandLineTest {

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TimelabCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Every line of {@code out} fits the console: at most 120 columns, unless it is one word that cannot be broken
     * (a long path) after its indent.
     */
    static void assertFitsTheConsole(String out) {
        assertThat(out.lines()).allSatisfy(line -> assertThat(line.length() <= 120
                || line.strip().indexOf(' ') < 0).as("wider than 120 columns: %s", line).isTrue());
    }

    /** The console's text with each wrapped line joined back to the line it continues. */
    static String unwrapped(String out) {
        return out.replaceAll("\n {3,}(?=\\S)", " ");
    }

    @Test
    void versionNamesTheBuildAndTheJvm() {
        Result r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("timelab ").contains("Java " + Runtime.version().feature());
    }

    @Test
    void helpListsTheServerCommandAndTheExitCodes() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("server").contains("server-ctl").contains("jfr").contains("Exit codes:");
    }

    @Test
    void serverHelpNamesTheEvidenceOptions() {
        Result r = run("server", "--help");
        assertThat(r.out()).contains("--jfr[=FILE]").contains("--thread-dump-at-peak").contains("timelab:type=Server");
    }

    @Test
    void theServedByModelLineIsStableKeyValuePairs() {
        assertThat(timelab.app.ServerLines.servedLine(java.util.Map.of("virtual", 3L, "platform", 10L, "fixed:2", 1L)))
                .isEqualTo("served-by-model fixed:2=1 platform=10 virtual=3");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "server --model threads",
        "server --model fixed:0",
        "server --model nio:4",
        "server --pool-size 0",
        "server --backlog 0",
        "server --carriers 0",
        "server --port 70000",
        "server --line-timeout 10",
        "server --line-timeout 0",
        "server --idle-timeout soon",
        "server --zone Mars/Olympus",
        "server --service bogus",
        "server --framing lines",
        "server --reply Processado",
        "server --service charcount --reply {msg}",
        "server --service echo --reply a\\qb",
        "server --no-such-flag",
        "server --jfr --thread-dump-at-peak=yes",
        "server --processes 0",
        "server --processes two",
        "server --processes 2 --jfr",
        "server --processes 2 --thread-dump-at-peak",
        "server --processes 2 --access-log x.log",
        "server-ctl status",
        "server-ctl --pid 1",
        "server-ctl --pid one status",
        "server-ctl --pid 1 switch",
        "server-ctl --pid 1 switch threads",
        "server-ctl --pid 1 restart",
        "jfr",
        "jfr summary",
        "jfr summarize x.jfr",
        "no-such-command",
    })
    void badInputIsAUsageErrorWithExitCodeTwo(String line) {
        Result r = run(line.split(" "));
        assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aPortInUseWithWorkersIsOneClearLineAndExitCodeThree() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result r = run("server", "--bind", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()),
                    "--processes", "2");
            assertThat(r.code()).isEqualTo(ExitCode.ERROR.code());
            assertThat(r.err().strip()).startsWith("timelab: worker 1 could not start")
                    .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).doesNotContain("\n");
        }
        ChildProcesses.assertNoneLeftBehind();
    }

    @Test
    void aPortInUseIsOneClearLineAndExitCodeThree() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result r = run("server", "--bind", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(r.code()).isEqualTo(ExitCode.ERROR.code());
            assertThat(r.err().strip()).startsWith("timelab: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\n");
        }
    }

    @Test
    void aPortInUseWithJfrLeavesNoRecordingBehind(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path file = dir.resolve("never.jfr");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result r = run("server", "--bind", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()), "--jfr",
                    file.toString());
            assertThat(r.code()).isEqualTo(ExitCode.ERROR.code());
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void theStatusLineIsStableKeyValuePairs() {
        var stats = new timelab.server.ServerStats(new timelab.server.ServerModel.Virtual(), 5, 1, 3, 9, 2, 1, 0, 100,
                12, 14, 1, 3, timelab.work.Work.parse("delay:50ms"), 2, 4, 1, 3, java.util.Map.of());
        var self = new timelab.measure.ProcessSample(1, 20, 42, 2048 * 1024, 4096 * 1024, java.time.Duration.ZERO);
        String line = timelab.app.ServerLines.statusLine(stats, self);
        assertThat(line).isEqualTo("status model=virtual accepted=5 active=1 peak=3 "
                + "requests=9 errors=2 busy=1 accept-failures=0 no-thread=0 platform-threads=12 "
                + "peak-platform-threads=14 virtual-threads=1 peak-virtual-threads=3 "
                + "work=delay:50ms in-flight=2 peak-in-flight=4 "
                + "queued=1 peak-queued=3 open-fds=42 rss-kb=2048");
        assertThat(timelab.server.StatusLine.parse("final " + line)).containsEntry("model", "virtual")
                .containsEntry("rss-kb", "2048")
                .containsEntry("work", "delay:50ms").hasSize(20);
    }
}
