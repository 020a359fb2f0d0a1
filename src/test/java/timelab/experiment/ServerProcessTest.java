package timelab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import timelab.LineClient;
import timelab.server.ServerModel;

class ServerProcessTest {

    @Test
    void theCommandRunsThisJvmsJavaOnLoopbackWithAnEphemeralPort() {
        List<String> cmd = ServerProcess.command(new ServerModel.FixedPool(4), List.of("-Xmx64m"),
                List.of("--backlog", "1"));
        assertThat(cmd.get(0)).endsWith("java");
        assertThat(cmd).containsSubsequence("-Xmx64m", "-cp", "timelab.Main", "server", "--model", "fixed:4",
                "--bind", "127.0.0.1", "--port", "0").endsWith("--backlog", "1");
    }

    @Test
    void theListeningLineGivesThePortAndOtherLinesDoNot() {
        assertThat(ServerProcess.listeningPort("timelab server: model=nio service=time listening on 127.0.0.1:4500 "
                + "(backlog 4096, max-connections 10) pid 1, Java 25")).isEqualTo(4500);
        assertThat(ServerProcess.listeningPort("timelab server: listening on [::1]:45000")).isEqualTo(45000);
        assertThat(ServerProcess.listeningPort("status model=nio accepted=0")).isEqualTo(-1);
    }

    @Test
    void startsServesReportsStatusAndStopsWithAFinalStatus() throws IOException {
        try (ServerProcess server = ServerProcess.start(new ServerModel.EventLoop(), List.of(), List.of(),
                Duration.ofSeconds(30))) {
            try (LineClient c = new LineClient(server.port())) {
                assertThat(c.send("TIME\r\n").readLine()).startsWith("JAM ");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(server.lastStatus().get("requests")));
            Map<String, String> last = server.stop(Duration.ofSeconds(20));
            assertThat(last).containsEntry("model", "nio").containsEntry("requests", "1");
        }
    }

    @Test
    void aServerThatCannotStartIsAnErrorWithItsOutput() {
        assertThatThrownBy(() -> ServerProcess.start(new ServerModel.Virtual(), List.of(), List.of("--zone", "Mars"),
                Duration.ofSeconds(30)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Mars");
    }
}
