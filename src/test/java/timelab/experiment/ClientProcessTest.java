package timelab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.app.ClientAppConfig;
import timelab.app.ClientAppConfig.Output;
import timelab.app.ClientAppConfig.ProgressMode;
import timelab.app.Evidence;
import timelab.client.ClientRun;
import timelab.client.ClientStrategy;
import timelab.client.LoadPlan;
import timelab.server.ServerModel;
import timelab.server.ServerObserver;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;

/** The client child ({@code app.ClientMain}, a real JVM): its config in on standard input, its run out as a message. */
class ClientProcessTest {

    @Test
    void theChildReadsItsConfigFromStandardInputAndSendsItsRunAsAResultMessage(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("run.json");
        try (TimeServer server = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()),
                ServerObserver.NONE)) {
            ClientAppConfig config = new ClientAppConfig(LoadPlan.time("127.0.0.1", server.port(), 20),
                    new ClientStrategy.VirtualThreads(), 0, new Output(json, false, ProgressMode.OFF, 0, false),
                    Evidence.NONE);
            ClientProcess.Result result;
            try (ClientProcess child = ClientProcess.start(config, List.of("-Xmx64m"))) {
                result = child.await(Duration.ofSeconds(60));
            }
            assertThat(result.error()).as(String.join("\n", result.lastLines())).isNull();
            assertThat(result.exitCode()).isZero();
            assertThat(result.run().succeeded()).isEqualTo(20);
            assertThat(result.run().strategy()).isEqualTo("virtual");
            assertThat(result.lastLines()).anyMatch(l -> l.startsWith("timelab client: strategy=virtual clients=20"));
        }
        ClientRun written = ClientRun.fromJson(Files.readString(json));
        assertThat(written.succeeded()).isEqualTo(20);
    }

    @Test
    void pastItsTimeLimitTheChildIsStoppedAndStillReports() throws Exception {
        try (TimeServer server = TimeServer.start(ServerOptions.loopback(new ServerModel.Platform()),
                ServerObserver.NONE)) {
            // two clients looping for ten minutes: only a stop ends it in time
            LoadPlan tenMinutes = new LoadPlan("127.0.0.1", List.of(server.port()), List.of(), 2, 1, false,
                    Duration.ZERO, Duration.ofMinutes(10), 0, Duration.ZERO, Duration.ofSeconds(5),
                    Duration.ofSeconds(10), LoadPlan.Exchange.TIME, LoadPlan.Spawning.DEFAULT);
            ClientAppConfig config = new ClientAppConfig(tenMinutes, new ClientStrategy.FixedPool(2), 0,
                    Output.DEFAULT, Evidence.NONE);
            ClientProcess.Result result;
            try (ClientProcess child = ClientProcess.start(config, List.of("-Xmx64m"))) {
                result = child.await(Duration.ofSeconds(3));
            }
            assertThat(result.error()).startsWith("the client did not finish within PT3S and was stopped");
            assertThat(result.run()).as(String.join("\n", result.lastLines())).isNotNull();
            assertThat(result.run().succeeded()).isPositive();
            assertThat(result.run().wallSeconds()).isLessThan(60);
            assertThat(result.exitCode()).isZero();
        }
    }
}
