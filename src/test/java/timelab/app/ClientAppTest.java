package timelab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.app.ClientAppConfig.Output;
import timelab.app.ClientAppConfig.ProgressMode;
import timelab.client.ClientRun;
import timelab.client.ClientStrategy;
import timelab.client.LoadPlan;
import timelab.server.ServerObserver;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;

/** {@link ClientApp} in-process against a real server on loopback: the summary, the JSON and the exit code. */
class ClientAppTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private ExitCode run(ClientAppConfig config) throws Exception {
        return new ClientApp(config, new PrintWriter(out), new PrintWriter(err), InstantSource.system()).run();
    }

    @Test
    void runsTheLoadPrintsTheSummaryAndWritesTheJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("run.json");
        try (TimeServer server = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()),
                ServerObserver.NONE)) {
            ClientAppConfig config = new ClientAppConfig(LoadPlan.time("127.0.0.1", server.port(), 5),
                    new ClientStrategy.VirtualThreads(), 10, new Output(json, true, ProgressMode.LINES, 0, false),
                    Evidence.NONE);
            assertThat(run(config)).isEqualTo(ExitCode.OK);
        }
        ClientRun written = ClientRun.fromJson(Files.readString(json));
        assertThat(written.clients()).isEqualTo(5);
        assertThat(written.succeeded()).isEqualTo(5);
        assertThat(written.strategy()).isEqualTo("virtual");
        assertThat(out.toString()).startsWith("timelab client: strategy=virtual clients=5 requests=1 → 127.0.0.1:")
                .contains("warm-up: 10 connections to a loopback responder in this JVM, ")
                .contains("  clients    5 started, 5 ok, 0 failed ").contains("  failures   none\n")
                .contains("client 5: JAM ").contains("JSON written to " + json);
    }

    @Test
    void moreFailuresThanAllowedIsExitCodeOneWithTheReason() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // nobody listens there once it is closed: every connect is refused
        }
        ClientAppConfig config = new ClientAppConfig(LoadPlan.time("127.0.0.1", closed, 3),
                new ClientStrategy.PlatformThreads(), 0, new Output(null, false, ProgressMode.OFF, 1, false),
                Evidence.NONE);
        assertThat(run(config)).isEqualTo(ExitCode.FAILURES);
        assertThat(out.toString()).contains("  failures   3 of 3 clients\n").contains("refused")
                .endsWith("3 clients failed, more than --max-failures 1: exit code 1\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aRunWhereEveryClientIsRefusedPrintsNoRateAndNoLatencyButWhatHappened(@TempDir Path dir) throws Exception {
        int closed = closedPort();
        Path json = dir.resolve("refused.json");
        ClientAppConfig config = new ClientAppConfig(LoadPlan.time("127.0.0.1", closed, 40),
                new ClientStrategy.PlatformThreads(), 0, new Output(json, false, ProgressMode.OFF, 40, false),
                Evidence.NONE);
        assertThat(run(config)).isEqualTo(ExitCode.OK);
        assertThat(unwrapped(out)).contains("  clients    40 started, 0 ok, 40 failed: all 40 clients failed "
                + "(refused ×40), so there is no rate to give; is a server listening on 127.0.0.1:" + closed + "?")
                .doesNotContain("clients/s").doesNotContain("requests/s").doesNotContain("latency ms");
        assertThat(out.toString().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
        String written = Files.readString(json);
        assertThat(written).doesNotContain("PerSecond");
        assertThat(ClientRun.fromJson(written).clientsPerSecond()).isNull();
    }

    @Test
    void aPartlyFailedRunGivesItsRatesOverTheClientsThatSucceededAndSaysSo(@TempDir Path dir) throws Exception {
        int closed = closedPort();
        Path json = dir.resolve("half.json");
        try (TimeServer server = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()),
                ServerObserver.NONE)) {
            // the clients take the ports in turn: every second one goes where nothing listens
            LoadPlan plan = LoadPlan.time("127.0.0.1", server.port(), 20).withTarget("127.0.0.1",
                    java.util.List.of(server.port(), closed), java.util.List.of());
            ClientAppConfig config = new ClientAppConfig(plan, new ClientStrategy.VirtualThreads(), 0,
                    new Output(json, false, ProgressMode.OFF, 20, false), Evidence.NONE);
            assertThat(run(config)).isEqualTo(ExitCode.OK);
        }
        ClientRun r = ClientRun.fromJson(Files.readString(json));
        assertThat(r.succeeded()).isEqualTo(10);
        assertThat(r.failed()).isEqualTo(10);
        assertThat(r.clientsPerSecond()).as("the 10 that succeeded per second, not the 20 that finished")
                .isCloseTo(10 / r.wallSeconds(), Percentage.withPercentage(1));
        assertThat(unwrapped(out)).contains(" clients/s, ").contains("requests/s (10 replies)")
                .contains("counting only the 10 clients that succeeded").contains("latency ms");
        assertThat(out.toString().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
    }

    /** The console's text with each wrapped line joined back to the line it continues. */
    static String unwrapped(StringWriter out) {
        return out.toString().replaceAll("\n {5,}", " ");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // nobody listens there once it is closed: every connect is refused
        }
    }

    @Test
    void stopBeforeTheRunStillEndsWithASummary() throws IOException, Exception {
        try (TimeServer server = TimeServer.start(ServerOptions.loopback(new ServerModel.Platform()),
                ServerObserver.NONE)) {
            ClientApp app = new ClientApp(ClientAppConfig.of(LoadPlan.time("127.0.0.1", server.port(), 1_000_000)
                    .withRequests(0), new ClientStrategy.FixedPool(2)), new PrintWriter(out), new PrintWriter(err),
                    InstantSource.system());
            app.stop();
            assertThat(app.run()).isEqualTo(ExitCode.OK);
        }
        assertThat(out.toString()).contains("INTERRUPTED");
    }
}
