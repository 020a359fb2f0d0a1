package timelab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import timelab.app.ClientAppConfig.Output;
import timelab.app.ClientAppConfig.ProgressMode;
import timelab.client.ClientStrategy;
import timelab.client.LoadPlan;
import timelab.netty.Transport;
import timelab.server.AccessLogOptions;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.service.ServiceKind;

/** The configs survive the trip to a child JVM's stdin: written, read back, equal. */
class AppJsonTest {

    static List<ServerModel> models() {
        return Stream.concat(ServerModel.all(3).stream(),
                Arrays.stream(Transport.values()).map(t -> new ServerModel.Netty(2, t))).toList();
    }

    static Stream<ClientStrategy> strategies() {
        return Stream.concat(ClientStrategy.NAMES.stream(), Stream.of("fixed:7", "nio:2", "process:4/virtual"))
                .map(s -> ClientStrategy.parse(s, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void aServerConfigRoundTripsOnEveryModel(ServerModel model) throws Exception {
        ServerOptions server = new ServerOptions(model, ServiceKind.CHARCOUNT, InetAddress.getByName("127.0.0.1"),
                45001, 7, 9, 512, Duration.ofMillis(250), Duration.ZERO, Duration.ofSeconds(3), Duration.ofMinutes(1),
                ZoneId.of("Asia/Jakarta"), AccessLogOptions.of(Path.of("logs/access.log"))
                        .withFsync(AccessLogOptions.Fsync.ALWAYS).withQueueCapacity(12));
        ServerAppConfig config = new ServerAppConfig(server, 5, 2, Duration.ofMillis(500), StatusFormat.JSON, true,
                new Evidence(true, Path.of("jfr/x.jfr"), true));
        String json = AppJson.write(config);
        assertThat(json).doesNotContain("\n").contains("\"model\":\"" + model.label() + "\"")
                .contains("\"lineTimeout\":\"PT0.25S\"").contains("\"zone\":\"Asia/Jakarta\"")
                .contains("\"bind\":\"127.0.0.1\"");
        assertThat(AppJson.read(json, ServerAppConfig.class)).isEqualTo(config);
    }

    @Test
    void aParentOfWorkersRoundTripsWithItsProcessesAndSoReusePort() {
        ServerAppConfig config = ServerAppConfig.of(ServerOptions.loopback(new ServerModel.Virtual()))
                .withProcesses(3);
        assertThat(config.server().reusePort()).as("--processes implies --reuse-port").isTrue();
        String json = AppJson.write(config);
        assertThat(json).contains("\"processes\":3").contains("\"reusePort\":true");
        assertThat(AppJson.read(json, ServerAppConfig.class)).isEqualTo(config);
    }

    @Test
    void theDefaultsRoundTripWithTheirNullsLeftOut() {
        ServerAppConfig config = ServerAppConfig.of(ServerOptions.loopback(new ServerModel.EventLoop()));
        String json = AppJson.write(config);
        assertThat(json).doesNotContain("null").doesNotContain("carriers").doesNotContain("accessLog");
        assertThat(AppJson.read(json, ServerAppConfig.class)).isEqualTo(config);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void aClientConfigRoundTripsOnEveryStrategy(ClientStrategy strategy) {
        LoadPlan plan = LoadPlan.time("localhost", 45000, 10).withTarget("localhost", List.of(45000, 45001),
                List.of("127.0.0.2")).withExchange(LoadPlan.Exchange.line("PING {n}", "+PONG", ""))
                .withRate(50.5, Duration.ofSeconds(2)).withDuration(Duration.ofSeconds(30))
                .withSpawning(new LoadPlan.Spawning(1 << 20, 3, false, List.of("-Xmx64m")));
        ClientAppConfig config = new ClientAppConfig(plan, strategy, 0,
                new Output(Path.of("out/run.json"), true, ProgressMode.BAR, 4, true), new Evidence(true, null, false));
        String json = AppJson.write(config);
        assertThat(json).contains("\"strategy\":\"" + strategy.label() + "\"");
        assertThat(AppJson.read(json, ClientAppConfig.class)).isEqualTo(config);
    }

    @Test
    void aConfigThatBreaksItsRecordsRulesIsRefusedWithTheirMessage() {
        String json = AppJson.write(ServerAppConfig.of(ServerOptions.loopback(new ServerModel.Platform())))
                .replace("\"poolSize\":" + Runtime.getRuntime().availableProcessors(), "\"poolSize\":0");
        assertThatThrownBy(() -> AppJson.read(json, ServerAppConfig.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--pool-size must be at least 1");
        assertThatThrownBy(() -> AppJson.read("{\"model\":\"threads\"}", ServerOptions.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown model 'threads'");
    }
}
