package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import timelab.ChildJvm;
import timelab.client.ClientRun;
import timelab.netty.NettyLeaks;
import timelab.server.ServerModel;
import timelab.server.ServerObserver;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;

/** {@code timelab client --strategy netty…}: the transport it runs on, {@code --transport}, and the fallback. */
@Timeout(120)
class NettyClientCommandTest {

    private TimeServer server;

    @BeforeEach
    void start() throws IOException {
        server = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()), ServerObserver.NONE);
    }

    @AfterEach
    void stopAndCheckNoLoopOrBufferIsLeft() {
        server.close();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName()
                        .startsWith("timelab-netty-client-")));
        NettyLeaks.assertNone();
    }

    private String port() {
        return Integer.toString(server.port());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"netty/io_uring, '', netty:1/io_uring", "netty:2, --transport=epoll, netty:2/epoll",
        "netty, --transport=nio, netty:1/nio"})
    void aNettyClientRunsOnTheTransportAskedForAndItsLabelSaysWhich(String strategy, String transport,
            String label, @TempDir Path dir) throws IOException {
        Path json = dir.resolve("run.json");
        List<String> args = new java.util.ArrayList<>(List.of("client", "--strategy", strategy, "--clients", "20",
                "--requests", "3", "--port", port(), "--json", json.toString(), "--progress", "off"));
        if (!transport.isEmpty()) {
            args.add(transport);
        }
        CommandLineTest.Result r = CommandLineTest.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("timelab client: " + label + ", 20 clients × 3 requests")
                .doesNotContain("  transport  ");
        ClientRun run = ClientRun.fromJson(Files.readString(json));
        assertThat(run.strategy()).isEqualTo(label);
        assertThat(run.transportFallback()).isNull();
        assertThat(run.requests()).isEqualTo(60);
        assertThat(Files.readString(json)).doesNotContain("transportFallback");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "virtual --transport epoll | --transport epoll is for the netty strategy only, not 'virtual'",
        "process:2/nio --transport epoll | --transport epoll is for the netty strategy only, not 'nio'",
        "netty/epoll --transport nio | --transport nio contradicts 'netty/epoll'",
        "netty --transport kqueue | unknown transport 'kqueue' (choose one of io_uring, epoll, nio)",
        "netty/x | 'netty/x': unknown transport 'x'",
        "netty:0/nio | 'netty:0/nio': '0' must be a whole number ≥ 1"})
    void aTransportThatDoesNotFitTheStrategyIsAUsageError(String options, String message) {
        List<String> args = new java.util.ArrayList<>(List.of("client", "--port", port(), "--strategy"));
        args.addAll(List.of(options.split(" ")));
        CommandLineTest.Result r = CommandLineTest.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(server.stats().accepted()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"netty/io_uring", "netty/epoll", "netty/nio"})
    void atTheDescriptorLimitEveryClientIsCountedAsTooManyOpenFilesOrOk(String strategy, @TempDir Path dir)
            throws Exception {
        Path json = dir.resolve("run.json");
        try (ChildJvm client = ChildJvm.timelabWithFdLimit(128, "client", "--strategy", strategy, "--clients", "300",
                "--hold", "--port", port(), "--json", json.toString(), "--progress", "off", "--warm-up", "0")) {
            assertThat(client.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
            String output = String.join("\n", client.lines());
            assertThat(client.process().exitValue()).as(output).isEqualTo(1);
            assertThat(output).contains("too-many-open-files").doesNotContain("\tat ");
            ClientRun run = ClientRun.fromJson(Files.readString(json));
            assertThat(run.failures().keySet()).as(output).containsOnly("too-many-open-files");
            assertThat(run.failures().get("too-many-open-files").examples())
                    .allMatch(m -> m.endsWith("Too many open files"));
            assertThat(run.succeeded() + run.failed()).isEqualTo(300);
            assertThat(run.succeeded()).isPositive();
        }
    }

    @Test
    void withoutNativeTransportsIoUringFallsBackToNioSaysWhyAndSucceeds(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("run.json");
        try (ChildJvm client = ChildJvm.timelabLaunchedBy(List.of(), List.of("-Xmx128m",
                "-Dio.netty.transport.noNative=true"), "client", "--strategy", "netty/io_uring", "--clients", "10",
                "--requests", "2", "--port", port(), "--json", json.toString(), "--progress", "off")) {
            assertThat(client.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
            String output = String.join("\n", client.lines());
            assertThat(client.process().exitValue()).as(output).isZero();
            assertThat(output).contains("timelab client: netty:1/nio, 10 clients")
                    .contains("  transport  fell back: io_uring unavailable: Native transport was explicit");
            ClientRun run = ClientRun.fromJson(Files.readString(json));
            assertThat(run.strategy()).isEqualTo("netty:1/nio");
            assertThat(run.transportFallback()).startsWith("io_uring unavailable: ").contains("epoll unavailable: ");
            assertThat(run.succeeded()).isEqualTo(10);
            assertThat(server.stats().requests()).isEqualTo(20);
        }
    }
}
