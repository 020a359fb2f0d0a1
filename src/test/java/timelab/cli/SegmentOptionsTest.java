package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import timelab.app.ClientApp;
import timelab.app.ClientAppConfig;
import timelab.app.Evidence;
import timelab.app.ExitCode;
import timelab.client.ClientRun;
import timelab.client.ClientStrategy;
import timelab.client.LoadPlan;
import timelab.server.ServerModel;
import timelab.server.ServerObserver;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;

/** {@code timelab client --segment I/N} and {@code --start-at T}: what they accept, refuse, print and record. */
@Timeout(120)
class SegmentOptionsTest {

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
        String[] all = new String[args.length + 5];
        all[0] = "client";
        all[1] = "--port";
        all[2] = Integer.toString(server.port());
        all[3] = "--warm-up";
        all[4] = "0";
        System.arraycopy(args, 0, all, 5, args.length);
        return CommandLineTest.run(all);
    }

    @ParameterizedTest(name = "--{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "segment|3/3|I counts from 0 like a Kubernetes Job's completion index",
        "segment|-1/3|I counts from 0",
        "segment|1/0|at least 1 segment",
        "segment|one|a segment is I/N",
        "start-at|tomorrow|neither an ISO-8601 instant",
        "start-at|2026-12-07 05:00|neither an ISO-8601 instant",
        "start-at|+soon|not a duration"})
    void aBadValueIsAUsageErrorThatSaysWhatIsWrong(String option, String value, String message) {
        CommandLineTest.Result r = client("--" + option, value, "--progress", "off");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("--" + option).contains(message).contains("Usage:");
        assertThat(server.stats().accepted()).as("nothing ran").isZero();
    }

    @Test
    void aSegmentRunSaysWhichSegmentItRanAndItsJsonRecordsIt(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("s.json");
        CommandLineTest.Result r = client("--clients", "10", "--segment", "1/3", "--verbose", "--json",
                json.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("segment    1/3 of the plan: 3 of its 10 clients").contains("client 2: JAM ")
                .contains("client 5: JAM ").contains("client 8: JAM ").doesNotContain("client 1: ");
        ClientRun run = ClientRun.fromJson(Files.readString(json));
        assertThat(run.plan().segment()).isEqualTo(new LoadPlan.Segment(1, 3));
        assertThat(run.clients()).isEqualTo(3);
        assertThat(run.host()).isNotBlank();
        assertThat(run.startAt()).isNull();
        assertThat(Files.readString(json)).contains("\"segment\" : {").contains("\"host\" : ");
    }

    @Test
    void aStartInThePastStartsAtOnceAndSaysHowLate(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("late.json");
        Instant past = Instant.now().minusSeconds(5);
        CommandLineTest.Result r = client("--clients", "2", "--start-at", past.toString(), "--json", json.toString(),
                "--progress", "off");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("start-at " + past + ": already").contains("past, starting at once")
                .contains("  start      at ");
        ClientRun run = ClientRun.fromJson(Files.readString(json));
        assertThat(run.startAt()).isEqualTo(past.toString());
        assertThat(run.lateSeconds()).isGreaterThanOrEqualTo(5.0);
        assertThat(run.succeeded()).isEqualTo(2);
    }

    @Test
    void aStartAheadWaitsUntilThenAndTheRunStartsNoEarlier(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("ahead.json");
        CommandLineTest.Result r = client("--clients", "2", "--start-at", "+1s", "--json", json.toString(),
                "--progress", "off");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("waiting");
        ClientRun run = ClientRun.fromJson(Files.readString(json));
        assertThat(Instant.parse(run.startedAt())).isAfterOrEqualTo(Instant.parse(run.startAt()));
        assertThat(run.lateSeconds()).isNotNull().isGreaterThanOrEqualTo(0);
    }

    @Test
    void aStopWhileWaitingForTheStartEndsTheRunInterruptedWithNoClientStarted(@TempDir Path dir) {
        Path json = dir.resolve("stopped.json");
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text, true);
        LoadPlan plan = LoadPlan.time("127.0.0.1", server.port(), 5);
        ClientApp app = new ClientApp(new ClientAppConfig(plan, new ClientStrategy.VirtualThreads(), 0,
                new ClientAppConfig.Output(json, false, ClientAppConfig.ProgressMode.OFF, 0, false), Evidence.NONE,
                Instant.now().plus(Duration.ofHours(1))), out, out, InstantSource.system());
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            CompletableFuture<ExitCode> done = CompletableFuture.supplyAsync(() -> {
                try {
                    return app.run();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> text.toString().contains("waiting"));
            app.stop();
            assertThat(done.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        });
        assertThat(text.toString()).contains("INTERRUPTED");
        ClientRun run = ClientRun.fromJson(uncheckedRead(json));
        assertThat(run.interrupted()).isTrue();
        assertThat(run.clients()).isZero();
        assertThat(server.stats().accepted()).isZero();
    }

    private static String uncheckedRead(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
