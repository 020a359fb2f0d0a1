package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import timelab.app.ExitCode;
import timelab.client.ClientRun;
import timelab.client.FailureKind;
import timelab.server.ServerObserver;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;
import timelab.service.ServiceKind;

/** {@code timelab client} in-process: what a user sees, the JSON file, the exit codes. */
@Timeout(120)
class ClientCommandTest {

    private TimeServer server;

    @BeforeEach
    void start() throws IOException {
        server = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()), ServerObserver.NONE);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CommandLineTest.Result client(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "client";
        System.arraycopy(args, 0, all, 1, args.length);
        return CommandLineTest.run(all);
    }

    private String port() {
        return Integer.toString(server.port());
    }

    @Test
    void holdForKeepsEveryConnectionOpenThatMuchLongerAtTheServer(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("run.json");
        CommandLineTest.Result r = client("--strategy", "virtual", "--clients", "40", "--hold", "--hold-for", "700ms",
                "--port", port(), "--json", json.toString(), "--progress", "off");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        ClientRun run = ClientRun.fromJson(Files.readString(json));
        assertThat(run.plan().holdFor()).isEqualTo(java.time.Duration.ofMillis(700));
        assertThat(run.heldAtOnce()).isEqualTo(40);
        assertThat(run.wallSeconds()).as("nobody sent before the hold ended").isGreaterThanOrEqualTo(0.7);
        assertThat(server.stats().peakActive()).as("the server had all 40 open at once").isEqualTo(40);
    }

    @Test
    void aSuccessfulRunPrintsTheSummaryWritesTheJsonAndExitsZero(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("run.json");
        CommandLineTest.Result r = client("--strategy", "virtual", "--clients", "50", "--port", port(), "--json",
                json.toString(), "--progress", "off");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("timelab client: virtual, 50 clients × 1 request")
                .contains("50 started, 50 ok, 0 failed").contains("latency ms").contains("failures   none");
        ClientRun run = ClientRun.fromJson(Files.readString(json));
        assertThat(run.succeeded()).isEqualTo(50);
        assertThat(run.schemaVersion()).isEqualTo(ClientRun.SCHEMA_VERSION);
    }

    @Test
    void moreFailuresThanAllowedExitOneWithinTheLimitZeroAndNeverAStackTrace() throws IOException {
        String nobody;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = Integer.toString(s.getLocalPort());
        }
        CommandLineTest.Result over = client("--clients", "3", "--port", nobody, "--progress", "off");
        assertThat(over.code()).isEqualTo(ExitCode.FAILURES.code());
        assertThat(CommandLineTest.unwrapped(over.out())).contains("refused").contains(FailureKind.REFUSED.explain())
                .contains("more than --max-failures 0");
        assertThat(over.out() + over.err()).doesNotContain("\tat ").doesNotContain("Exception in");
        CommandLineTest.Result within = client("--clients", "3", "--port", nobody, "--max-failures", "3",
                "--progress", "off");
        assertThat(within.code()).isZero();
    }

    @Test
    void verbosePrintsTheCourseworksLinePerClient() {
        CommandLineTest.Result r = client("--strategy", "fixed", "--pool-size", "2", "--clients", "4", "--port",
                port(), "--verbose");
        assertThat(r.code()).isZero();
        for (int i = 1; i <= 4; i++) {
            assertThat(r.out()).containsPattern("client " + i + ": JAM \\d\\d:\\d\\d:\\d\\d");
        }
    }

    @Test
    void progressLinesWhenNotATerminal() {
        CommandLineTest.Result r = client("--strategy", "virtual", "--clients", "30", "--rate", "20", "--port",
                port(), "--progress", "lines");
        assertThat(r.code()).isZero();
        assertThat(r.err()).containsPattern("progress t=\\d+\\.\\ds started=\\d+/30 ok=\\d+ failed=0 open=\\d+");
    }

    @Test
    void charcountIsDrivenWithAMessageTemplate() throws IOException {
        try (TimeServer cc = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual())
                .withService(ServiceKind.CHARCOUNT), ServerObserver.NONE)) {
            CommandLineTest.Result r = client("--service", "charcount", "--message", "abc{n}a", "--clients", "5",
                    "--port", Integer.toString(cc.port()), "--verbose");
            assertThat(r.code()).as(r.out()).isZero();
            assertThat(r.out()).contains("client 2: 2 sí").contains("(charcount: abc{n}a)");
        }
    }

    @Test
    void anyLineServerWithSendAndExpect() {
        CommandLineTest.Result r = client("--send", "TIME", "--expect", "JAM ", "--clients", "2", "--port", port(),
                "--progress", "off");
        assertThat(r.code()).as(r.out()).isZero();
        CommandLineTest.Result wrong = client("--send", "TIME", "--expect", "+PONG", "--clients", "2", "--port",
                port(), "--progress", "off");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.out()).contains("bad-reply").contains("starting with '+PONG'");
    }

    @Test
    void anUnknownHostCannotRunAndSaysSoInOneLine() {
        CommandLineTest.Result r = client("--host", "no-such-host.invalid", "--progress", "off");
        assertThat(r.code()).isEqualTo(ExitCode.ERROR.code());
        assertThat(r.err().strip()).isEqualTo("timelab: unknown host 'no-such-host.invalid'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "--strategy threads",
        "--strategy process:0/virtual",
        "--pool-size 0",
        "--clients 0",
        "--requests -1",
        "--hold --duration 1s",
        "--hold-for 1s",
        "--hold --hold-for soon",
        "--rate 0",
        "--duration 0",
        "--port 0",
        "--port 9-3",
        "--source-addresses 127.0.0.300",
        "--service charcount",
        "--service echo",
        "--expect +PONG",
        "--message a --send b",
        "--min-mem-available lots",
        "--child-jvm-option Xmx1g",
        "--progress fancy",
        "--connect-timeout 0",
        "--warm-up -1",
        "--warm-up lots",
        "--strategy nio:0",
    })
    void badInputIsAUsageErrorWithExitCodeTwo(String line) {
        CommandLineTest.Result r = client(line.split(" "));
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("Usage: timelab client");
    }

    @Test
    void helpListsTheClientCommand() {
        assertThat(CommandLineTest.run("--help").out()).contains("client");
        assertThat(client("--help").out()).contains("--strategy").contains("--hold").contains("--max-failures");
    }
}
