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
import timelab.app.StatusFormat;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.ServerStatus;

class ServerProcessTest {

    @Test
    void anExperimentsServerIsOnLoopbackWithAnEphemeralPortAndAStatusMessageASecond() {
        ServerAppConfig config = ServerProcess.defaults(new ServerModel.FixedPool(4));
        assertThat(config.server().bind().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isZero();
        assertThat(config.server().model()).isEqualTo(new ServerModel.FixedPool(4));
        assertThat(config.statusInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.statusFormat()).isEqualTo(StatusFormat.JSON);
    }

    @Test
    void startsServesReportsStatusAndStopsWithAFinalStatus() throws IOException {
        try (ServerProcess server = ServerProcess.start(ServerProcess.defaults(new ServerModel.EventLoop()),
                List.of(), Duration.ofSeconds(30))) {
            assertThat(servesOneRequestThenStops(server).model().label()).isEqualTo("nio");
            assertThat(server.backlog()).isPositive();
            assertThat(server.maxConnections()).isPositive();
        }
    }

    @Test
    void aForkedServerMainTakesItsConfigOnStandardInputAndStopsOnAStopMessage() throws IOException {
        ServerAppConfig config = ServerAppConfig.of(ServerOptions.loopback(new ServerModel.Virtual()));
        try (ServerProcess server = ServerProcess.start(config, List.of("-Xmx64m"), Duration.ofSeconds(30))) {
            assertThat(servesOneRequestThenStops(server).model().label()).isEqualTo("virtual");
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
    void aServerThatCannotStartIsAnErrorWithItsOutput() throws IOException {
        // a config the child cannot run: a port it cannot bind (another server holds it)
        try (ServerProcess first = ServerProcess.start(ServerProcess.defaults(new ServerModel.Virtual()), List.of(),
                Duration.ofSeconds(30))) {
            ServerOptions l = ServerOptions.loopback(new ServerModel.Virtual());
            ServerOptions taken = new ServerOptions(l.model(), l.service(), l.bind(), first.port(), 0, 0, l.maxLine(),
                    l.lineTimeout(), l.idleTimeout(), l.writeTimeout(), l.grace(), l.zone());
            ServerAppConfig config = ServerProcess.defaults(l.model()).withServer(taken);
            assertThatThrownBy(() -> ServerProcess.start(config, List.of(), Duration.ofSeconds(30)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("last output")
                    .hasMessageContaining("in use");
        }
    }
}
