package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import timelab.ChildJvm;
import timelab.LineClient;

/**
 * The fault suite's process faults (docs/explanation/reliability.md): a client JVM killed mid-run, and a server
 * restarted while a client keeps coming. Real child JVMs running {@code timelab client}; real servers on loopback.
 */
class ClientAndServerFaultsTest {

    /**
     * SIGKILL leaves the client no chance to close anything: the kernel closes its sockets, and the server must see
     * every connection end and give back every thread and descriptor. ({@code single} is left out: it holds one
     * connection at a time, so there is no crowd to kill.)
     */
    @ParameterizedTest(name = "{0}")
    @EveryModel(except = ServerModel.Single.class)
    void aClientJvmKilledMidRunLeavesTheServerClean(ServerModel model) throws Exception {
        try (TimeServer server = TimeServer.start(ServerOptions.loopback(model).withMaxConnections(10_000),
                ServerObserver.NONE)) {
            long fdsBefore = ServerBehaviourTest.openDescriptors();
            try (ChildJvm client = ChildJvm.timelab("client", "--strategy", "virtual", "--clients", "400", "--hold",
                    "--ramp", "30s", "--port", String.valueOf(server.port()), "--progress", "off")) {
                int expected = model instanceof ServerModel.FixedPool f ? f.threads() : 50;
                await().atMost(Duration.ofSeconds(60)).until(() -> server.stats().active() >= expected);
                client.process().destroyForcibly(); // SIGKILL
                client.process().waitFor();
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(server.stats().active()).isZero();
                assertThat(server.stats().virtualThreads()).isZero();
                assertThat(ServerBehaviourTest.liveThreads("timelab-platform-")).isZero();
                assertThat(ServerBehaviourTest.openDescriptors()).isLessThanOrEqualTo(fdsBefore);
            });
            try (LineClient after = new LineClient(server.port())) {
                assertThat(after.send("TIME\r\n").readLine()).startsWith("JAM ");
            }
        }
    }

    /**
     * A server stopped and started again on the same port while a client keeps starting connections: the client
     * counts the gap as {@code refused} — and as {@code reset} the few connections the kernel had queued, not yet
     * accepted, when the listener closed — nothing else fails, and the new server binds the port at once even with
     * the old connections in TIME_WAIT ({@code SO_REUSEADDR}).
     */
    @Test
    void aServerRestartedOnTheSamePortWhileAClientKeepsComingCostsOnlyRefusedOrQueuedConnects(@TempDir Path dir)
            throws Exception {
        ServerOptions options = ServerOptions.loopback(new ServerModel.Virtual());
        TimeServer first = TimeServer.start(options, ServerObserver.NONE);
        int port = first.port();
        Path json = dir.resolve("client.json");
        TimeServer second = null;
        try (ChildJvm client = ChildJvm.timelab("client", "--strategy", "virtual", "--rate", "40", "--duration",
                "12s", "--port", String.valueOf(port), "--max-failures", "1000000", "--progress", "off",
                "--json", json.toString())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> first.stats().requests() >= 40);
            first.close();
            Thread.sleep(1_000); // the gap the client runs into
            second = TimeServer.start(new ServerOptions(options.model(), options.service(), options.bind(), port,
                    options.backlog(), options.maxConnections(), options.maxLine(), options.lineTimeout(),
                    options.idleTimeout(), options.writeTimeout(), options.grace(), options.zone()),
                    ServerObserver.NONE);
            TimeServer restarted = second;
            await().atMost(Duration.ofSeconds(60)).until(() -> restarted.stats().requests() >= 40);
            assertThat(client.process().waitFor()).as(String.join("\n", client.lines())).isZero();
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
        JsonNode run = new ObjectMapper().readTree(Files.readString(json));
        assertThat(run.get("succeeded").asLong()).isGreaterThanOrEqualTo(80);
        assertThat(run.get("failed").asLong()).as("the gap cost some connects").isPositive();
        assertThat(run.get("failures").has("refused")).as(run.get("failures").toString()).isTrue();
        run.get("failures").fieldNames().forEachRemaining(kind -> assertThat(kind).isIn("refused", "reset"));
    }
}
