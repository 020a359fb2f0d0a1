package timelab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import timelab.LineClient;
import timelab.protocol.Framing;
import timelab.server.Handling;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.StatusLine;
import timelab.service.ServiceKind;
import timelab.work.Work;

/** {@link ServerApp} in-process: a real server on loopback, its output as values, a clean stop. */
class ServerAppTest {

    private static final InstantSource NOON = InstantSource.fixed(Instant.parse("2026-01-02T12:34:56Z"));

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("test-server-app").factory());

    @AfterEach
    void shutDown() {
        runner.shutdownNow();
    }

    /** The command line's defaults, on loopback, replies in UTC. */
    private static ServerOptions options(ServerModel model, int port) throws IOException {
        return new ServerOptions(model, ServiceKind.TIME, InetAddress.getByName("127.0.0.1"), port, 0, 0, 256,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5),
                ZoneOffset.UTC);
    }

    private ServerApp app(ServerOptions options) {
        ServerAppConfig config = new ServerAppConfig(options, 2, null, Duration.ZERO, StatusFormat.HUMAN, true,
                Evidence.NONE);
        return new ServerApp(config, new PrintWriter(out), new PrintWriter(err), NOON);
    }

    @Test
    void theBannerNamesTheWorkAndTheLabFlagsWhenTheyAreNotTheDefaults() throws Exception {
        Handling lab = new Handling(Work.parse("delay:5s"), Duration.ofSeconds(5), Framing.CHUNK, "OK: {msg}\n", true);
        ServerApp app = app(options(new ServerModel.EventLoop(), 0).withService(ServiceKind.ECHO).withHandling(lab));
        Future<ExitCode> run = runner.submit(app::run);
        app.started().toCompletableFuture().get(10, TimeUnit.SECONDS);
        app.stop();
        assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        List<String> banner = out.toString().lines().limit(2).toList();
        assertThat(banner.get(0)).startsWith("timelab server: model=nio service=echo listening on 127.0.0.1:");
        assertThat(banner.get(1)).startsWith("  work=delay:5s framing=chunk reply='OK: {msg}\\n' one-request, pid ");
    }

    @Test
    void servesARealConnectionThenStopsWithTheFinalLinesAndExitCodeZero() throws Exception {
        ServerApp app = app(options(new ServerModel.Virtual(), 0));
        Future<ExitCode> run = runner.submit(app::run);
        InetSocketAddress address = app.started().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (LineClient client = new LineClient(address.getPort())) {
            assertThat(client.send("TIME\r\n").readLine()).isEqualTo("JAM 12:34:56");
        }
        app.stop();
        app.stop(); // idempotent, as a second Ctrl-C would be before the handler halts
        assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("timelab server: model=virtual service=time listening on 127.0.0.1:"
                + address.getPort() + " (backlog 4096, max-connections ");
        assertThat(lines).contains("Ctrl-C or SIGTERM stops it.", "served-by-model virtual=1")
                .anyMatch(l -> l.startsWith("connection 1 from 127.0.0.1:"))
                .noneMatch(l -> l.startsWith("status ")) // interval 0: only the final one
                .contains("stopping: no new connections, in-flight requests get 5000 ms");
        Map<String, String> last = StatusLine.parse(lines.stream().filter(l -> l.startsWith("final status "))
                .findFirst().orElseThrow());
        assertThat(last).containsEntry("model", "virtual").containsEntry("accepted", "1")
                .containsEntry("requests", "1").containsEntry("active", "0");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aTakenPortIsAnIoErrorNamingTheAddressAndTheAppNeverStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerApp app = app(options(new ServerModel.Platform(), taken.getLocalPort()));
            assertThatThrownBy(app::run).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
            CompletableFuture<InetSocketAddress> started = app.started().toCompletableFuture();
            assertThat(started).isCompletedExceptionally();
            assertThatThrownBy(started::get).isInstanceOf(ExecutionException.class);
        }
        assertThat(out.toString()).isEmpty();
    }
}
