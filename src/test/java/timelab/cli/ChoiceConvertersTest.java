package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;
import timelab.app.ClientAppConfig;
import timelab.client.ClientStrategy;
import timelab.client.ExchangeKind;
import timelab.netty.EventLoops;
import timelab.netty.Transport;
import timelab.protocol.Framing;
import timelab.server.AccessLogOptions;
import timelab.server.ServerModel;
import timelab.service.ServiceKind;

/**
 * Every closed set a command takes, through its picocli converter: a good spec becomes the typed value, a bad name or
 * a bad argument becomes a usage error with the type's own message (what a user sees after "Invalid value for
 * option").
 */
class ChoiceConvertersTest {

    @ParameterizedTest(name = "{0} with --pool-size {1} -> {2}")
    @CsvSource({"platform, 3, platform", "fixed, 3, fixed:3", "FIXED:5, 3, fixed:5", "cached, 3, cached",
        "virtual, 3, virtual", "nio, 3, nio", "single, 3, single", "netty:2/epoll, 3, netty:2/epoll",
        "NETTY:1/io-uring, 3, netty:1/io_uring", "netty:4/nio, 3, netty:4/nio"})
    void aModelIsTypedAndSizedByThePoolSizeLater(String spec, int pool, String label) {
        ServerModel m = new ChoiceConverters.ModelConverter().convert(spec).withPoolSize(pool);
        assertThat(m.label()).isEqualTo(label);
        assertThat(m).isEqualTo(ServerModel.parse(label, 99));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "threads | unknown model 'threads' (choose one of platform, fixed, cached, virtual, nio, single, netty)",
        "nio:2 | model 'nio' takes no argument (only fixed:N and netty:N do)",
        "nio/epoll | model 'nio' takes no /TRANSPORT (only netty does)",
        "netty:0 | 'netty:0': the number of event loops must be a whole number ≥ 1 (netty[:N][/TRANSPORT], TRANSPORT "
            + "one of io_uring, epoll, nio)",
        "netty:x/nio | 'netty:x/nio': the number of event loops must be a whole number ≥ 1 (netty[:N][/TRANSPORT], "
            + "TRANSPORT one of io_uring, epoll, nio)",
        "netty/kqueue | unknown transport 'kqueue' (choose one of io_uring, epoll, nio)",
        "fixed:0 | 'fixed:0': the pool size must be a whole number ≥ 1",
        "fixed:x | 'fixed:x': the pool size must be a whole number ≥ 1"})
    void aBadModelIsAUsageErrorWithTheModelsMessage(String spec, String message) {
        assertThatThrownBy(() -> new ChoiceConverters.ModelConverter().convert(spec))
                .isInstanceOf(TypeConversionException.class).hasMessage(message);
    }

    @Test
    void nettyWithoutNTakesOneLoopPerCpuAndWithoutATransportTheGivenOneElseTheBestHere() {
        int cpus = Runtime.getRuntime().availableProcessors();
        ChoiceConverters.TransportSpec<ServerModel> netty = new ChoiceConverters.ModelConverter().convert("netty");
        assertThat(netty.withPoolSize(3)).isEqualTo(new ServerModel.Netty(cpus, EventLoops.best()));
        assertThat(netty.resolve(3, Transport.EPOLL)).isEqualTo(new ServerModel.Netty(cpus, Transport.EPOLL));
        assertThat(new ChoiceConverters.ModelConverter().convert("netty:2/nio").resolve(3, Transport.NIO))
                .isEqualTo(new ServerModel.Netty(2, Transport.NIO));
    }

    @ParameterizedTest(name = "{0} --transport {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "virtual | epoll | --transport applies to --model netty, not 'virtual'",
        "fixed:2 | nio | --transport applies to --model netty, not 'fixed:2'",
        "netty/epoll | io_uring | 'netty/epoll' names transport epoll but --transport is io_uring: give one of them"})
    void aTransportThatDoesNotApplyIsRefusedNamingIt(String spec, String transport, String message) {
        ChoiceConverters.TransportSpec<ServerModel> model = new ChoiceConverters.ModelConverter().convert(spec);
        assertThatThrownBy(() -> model.resolve(3, Transport.parse(transport)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0} with --pool-size {1} -> {2}")
    @CsvSource({"platform, 3, platform", "fixed, 3, fixed:3", "cached, 3, cached", "virtual, 3, virtual",
        "nio, 3, nio", "nio:4, 3, nio:4", "process, 3, process", "process:2/fixed, 3, process:2/fixed:3",
        "netty:2/epoll, 3, netty:2/epoll"})
    void aStrategyIsTypedAndSizedByThePoolSizeLater(String spec, int pool, String label) {
        ClientStrategy s = new ChoiceConverters.StrategyConverter().convert(spec).withPoolSize(pool);
        assertThat(s.label()).isEqualTo(label);
        assertThat(s).isEqualTo(ClientStrategy.parse(label, 99));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "threads | unknown strategy 'threads' (choose one of platform, fixed, cached, virtual, nio, netty, process)",
        "virtual:2 | strategy 'virtual' takes no argument (only fixed:N, nio:N, netty:N and process:K/S do)",
        "nio:0 | 'nio:0': '0' must be a whole number ≥ 1",
        "fixed:x | 'fixed:x': 'x' must be a whole number ≥ 1",
        "process:0/virtual | 'process:0/virtual': '0' must be a whole number ≥ 1",
        "process:4 | 'process:4': write process:K/S, e.g. process:4/virtual",
        "process:2/process | 'process:2/process': a child JVM cannot spawn child JVMs itself",
        "netty:0 | 'netty:0': '0' must be a whole number ≥ 1",
        "netty/kqueue | 'netty/kqueue': unknown transport 'kqueue' (choose one of io_uring, epoll, nio)"})
    void aBadStrategyIsAUsageErrorWithTheStrategysMessage(String spec, String message) {
        assertThatThrownBy(() -> new ChoiceConverters.StrategyConverter().convert(spec))
                .isInstanceOf(TypeConversionException.class).hasMessage(message);
    }

    @Test
    void servicesExchangesFsyncAndProgressModesAreTypedOrAUsageError() {
        assertThat(new ChoiceConverters.ServiceConverter().convert("time")).isEqualTo(ServiceKind.TIME);
        assertThat(new ChoiceConverters.ServiceConverter().convert("CharCount")).isEqualTo(ServiceKind.CHARCOUNT);
        assertThatThrownBy(() -> new ChoiceConverters.ServiceConverter().convert("line"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("unknown service 'line' (choose time, charcount, echo or greet)");
        assertThat(new ChoiceConverters.ServiceConverter().convert("Echo")).isEqualTo(ServiceKind.ECHO);
        assertThat(new ChoiceConverters.ServiceConverter().convert("greet")).isEqualTo(ServiceKind.GREET);
        assertThat(new ChoiceConverters.FramingConverter().convert("CHUNK")).isEqualTo(Framing.CHUNK);
        assertThatThrownBy(() -> new ChoiceConverters.FramingConverter().convert("lines"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("unknown framing 'lines' (choose line or chunk)");

        assertThat(new ChoiceConverters.ExchangeConverter().convert("line")).isEqualTo(ExchangeKind.LINE);
        assertThat(new ChoiceConverters.ExchangeConverter().convert("charcount")).isEqualTo(ExchangeKind.CHARCOUNT);
        assertThatThrownBy(() -> new ChoiceConverters.ExchangeConverter().convert("echo"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("unknown service 'echo' (choose time, charcount or line)");

        assertThat(new ChoiceConverters.FsyncConverter().convert("Always")).isEqualTo(AccessLogOptions.Fsync.ALWAYS);
        assertThatThrownBy(() -> new ChoiceConverters.FsyncConverter().convert("sometimes"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("unknown fsync mode 'sometimes' (choose always, everysec or no)");

        assertThat(new ChoiceConverters.ProgressConverter().convert("lines"))
                .isEqualTo(ClientAppConfig.ProgressMode.LINES);
        assertThatThrownBy(() -> new ChoiceConverters.ProgressConverter().convert("loud"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("--progress must be auto, bar, lines or off, was 'loud'");
    }
}
