package timelab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import timelab.LineClient;
import timelab.app.ServerAppConfig;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.ServerStatus;

class ServerProcessTest {

    @Test
    void theCommandRunsThisJvmsJavaOnLoopbackWithAnEphemeralPort() {
        List<String> cmd = ServerProcess.command(new ServerModel.FixedPool(4), List.of("-Xmx64m"),
                List.of("--backlog", "1"));
        assertThat(cmd.get(0)).endsWith("java");
        assertThat(cmd).containsSubsequence("-Xmx64m", "-cp", "timelab.Main", "server", "--model", "fixed:4",
                "--bind", "127.0.0.1", "--port", "0", "--status-format", "json").endsWith("--backlog", "1");
    }

    @Test
    void startsServesReportsStatusAndStopsWithAFinalStatus() throws IOException {
        try (ServerProcess server = ServerProcess.start(new ServerModel.EventLoop(), List.of(), List.of(),
                Duration.ofSeconds(30))) {
            assertThat(servesOneRequestThenStops(server).model()).isEqualTo("nio");
            assertThat(server.backlog()).isPositive();
            assertThat(server.maxConnections()).isPositive();
        }
    }

    @Test
    void aForkedServerMainTakesItsConfigOnStandardInputAndStopsOnAStopMessage() throws IOException {
        ServerAppConfig config = ServerAppConfig.of(ServerOptions.loopback(new ServerModel.Virtual()));
        try (ServerProcess server = ServerProcess.start(config, List.of("-Xmx64m"), Duration.ofSeconds(30))) {
            assertThat(servesOneRequestThenStops(server).model()).isEqualTo("virtual");
            assertThat(server.isAlive()).isFalse();
            assertThat(server.lastLines()).anyMatch(l -> l.startsWith("timelab server: model=virtual "));
        }
    }

    /** One TIME exchange, its status, a stop: the final status, which counted the one request. */
    private static ServerStatus servesOneRequestThenStops(ServerProcess server) throws IOException {
        try (LineClient c = new LineClient(server.port())) {
            assertThat(c.send("TIME\r\n").readLine()).startsWith("JAM ");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.lastStatus().map(ServerStatus::requests)
                .orElse(0L) == 1);
        ServerStatus last = server.stop(Duration.ofSeconds(20)).orElseThrow();
        assertThat(last.requests()).isEqualTo(1);
        return last;
    }

    @Test
    void aServerThatCannotStartIsAnErrorWithItsOutput() {
        assertThatThrownBy(() -> ServerProcess.start(new ServerModel.Virtual(), List.of(), List.of("--zone", "Mars"),
                Duration.ofSeconds(30)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Mars");
    }
}
