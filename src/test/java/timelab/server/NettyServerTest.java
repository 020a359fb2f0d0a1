package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import timelab.LineClient;
import timelab.netty.NettyLeaks;
import timelab.netty.Transport;

/**
 * What the {@code netty} model does differently from the others: it accepts on a listener of its own, so a live
 * switch to or from it is refused (and the server goes on serving on its model); and closing it leaves no event loop
 * thread, no descriptor and no buffer behind, on each transport.
 */
class NettyServerTest {

    @RegisterExtension
    final Servers servers = new Servers();

    @AfterEach
    void noBufferLeaked() {
        NettyLeaks.assertNone();
    }

    @Test
    void aLiveSwitchFromAThreadModelToNettyIsRefusedAndTheServerGoesOnServing() throws IOException {
        TimeServer server = servers.start(new ServerModel.EventLoop());
        ServerModel netty = new ServerModel.Netty(2, Transport.NIO);
        assertThatThrownBy(() -> server.switchModel(netty)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot switch nio -> netty:2/nio live: netty accepts on a listener of its own (Netty's "
                        + "epoll and io_uring channels cannot take over the socket of the JDK listener the other "
                        + "models share); restart the server with --model netty:2/nio");
        assertThat(server.model()).isEqualTo(new ServerModel.EventLoop());
        answersTime(server);
    }

    @ParameterizedTest(name = "netty:2/{0}")
    @EnumSource(Transport.class)
    void aLiveSwitchFromNettyToAnyOtherModelOrNettySpecIsRefusedAndTheServerGoesOnServing(Transport transport)
            throws IOException {
        ServerModel netty = new ServerModel.Netty(2, transport);
        TimeServer server = servers.start(netty);
        List<ServerModel> others = new ArrayList<>(Servers.everyModel());
        others.remove(netty);
        others.add(new ServerModel.Netty(3, transport));
        for (ServerModel other : others) {
            assertThatThrownBy(() -> server.switchModel(other)).as(other.label())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot switch " + netty.label() + " -> " + other.label() + " live: "
                            + "netty accepts on a listener of its own");
        }
        server.switchModel(netty); // to the model it runs: nothing to do
        assertThat(server.model()).isEqualTo(netty);
        answersTime(server);
    }

    @Test
    void theMBeanRefusesASwitchToOrFromNettyWithTheReasonAndReportsNoSwitch() throws IOException {
        TimeServer server = servers.start(new ServerModel.Netty(2, Transport.EPOLL));
        List<String> switched = new ArrayList<>();
        try (ServerControl control = ServerControl.register(server, 2, switched::add)) {
            assertThatThrownBy(() -> control.switchModel("virtual")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("netty accepts on a listener of its own")
                    .hasMessageEndingWith("restart the server with --model virtual");
            assertThatThrownBy(() -> control.switchModel("netty:2/nio")).isInstanceOf(IllegalStateException.class);
            assertThat(control.getModel()).isEqualTo("netty:2/epoll");
        }
        assertThat(switched).isEmpty();
        answersTime(server);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void aClosedNettyServerLeavesNoLoopThreadNoDescriptorAndNoBufferBehind(Transport transport) throws Exception {
        ServerModel model = new ServerModel.Netty(2, transport);
        serveAndClose(model); // loads the transport's classes and native library first: they stay, as they should
        long before = openDescriptors();
        serveAndClose(model);
        assertThat(loopThreads()).as("timelab-netty-server- threads alive after close()").isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(openDescriptors())
                .as("descriptors open (/proc/self/fd) after close(), %d before", before).isLessThanOrEqualTo(before));
    }

    /** Serves three clients (one still open at close), then closes the server. */
    private void serveAndClose(ServerModel model) throws IOException {
        TimeServer server = TimeServer.start(ServerOptions.loopback(model), ServerObserver.NONE);
        try (server; LineClient held = new LineClient(server.port())) {
            for (int i = 0; i < 2; i++) {
                answersTime(server);
            }
            assertThat(held.send("TIME\r\n").readLine()).startsWith("JAM ");
            assertThat(loopThreads()).hasSize(2);
        }
    }

    private static void answersTime(TimeServer server) throws IOException {
        try (LineClient client = new LineClient(server.port())) {
            assertThat(client.send("TIME\r\n").readLine()).startsWith("JAM ");
        }
    }

    private static List<String> loopThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("timelab-netty-server-")).toList();
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
