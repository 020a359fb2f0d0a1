package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import timelab.netty.EventLoops;
import timelab.netty.Transport;

class ClientStrategyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "platform, platform",
        "fixed, fixed:4",
        "FIXED:16, fixed:16",
        "cached, cached",
        "virtual, virtual",
        "nio, nio",
        "nio:1, nio",
        "NIO:2, nio:2",
        "process, process",
        "process:3/nio:2, process:3/nio:2",
        "process:4/virtual, process:4/virtual",
        "process:2/fixed:3, process:2/fixed:3",
        "process:2/fixed, process:2/fixed:4",
        "netty/io_uring, netty:1/io_uring",
        "netty/epoll, netty:1/epoll",
        "NETTY:2/NIO, netty:2/nio",
        "netty:1/io-uring, netty:1/io_uring",
        "process:2/netty/epoll, process:2/netty:1/epoll",
        "process:3/netty:2/nio, process:3/netty:2/nio",
    })
    void parsesWhatTheLabelPrints(String spec, String label) {
        ClientStrategy s = ClientStrategy.parse(spec, 4);
        assertThat(s.label()).isEqualTo(label);
        assertThat(ClientStrategy.parse(s.label(), 99)).isEqualTo(s);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"threads", "fixed:0", "fixed:x", "virtual:2", "nio:0", "nio:x", "process:4",
        "process:0/virtual",
        "process:2/process", "process:2/process:2/virtual", " ", "netty:0", "netty/kqueue", "netty:x", "netty:2/",
        "netty/epoll:2", "process:2/netty/x", "virtual/epoll"})
    void rejectsWhatItCannotRunSayingWhy(String spec) {
        assertThatThrownBy(() -> ClientStrategy.parse(spec, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'");
    }

    @Test
    void nettyWithoutATransportRunsOnTheBestOneHereOrOnTheOneGiven() {
        assertThat(ClientStrategy.parse("netty", 4)).isEqualTo(new ClientStrategy.NettyLoops(1, EventLoops.best()));
        assertThat(ClientStrategy.parse("netty:3", 4, Transport.EPOLL)).isEqualTo(
                new ClientStrategy.NettyLoops(3, Transport.EPOLL));
        assertThat(ClientStrategy.parse("process:2/netty", 4, Transport.NIO).label()).isEqualTo(
                "process:2/netty:1/nio");
        assertThat(ClientStrategy.parse("netty/epoll", 4, Transport.EPOLL).label()).isEqualTo("netty:1/epoll");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"virtual", "nio", "process", "process:2/virtual", "netty/io_uring"})
    void aTransportForAStrategyThatIsNotNettyOrThatContradictsItsOwnIsRefused(String spec) {
        assertThatThrownBy(() -> ClientStrategy.parse(spec, 4, Transport.EPOLL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--transport epoll");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"process", "process:3/cached"})
    void oneJvmPerClientIsTheDefaultOfProcess(String spec) {
        ClientStrategy.ChildProcesses p = (ClientStrategy.ChildProcesses) ClientStrategy.parse(spec, 1);
        assertThat(p.perClient()).isEqualTo(spec.equals("process"));
    }
}
