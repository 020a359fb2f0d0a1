package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.Test;
import timelab.LineClient;

/** The {@code timelab:type=Server} MBean in-process: what JMC's MBean browser sees and does. */
class ServerControlTest {

    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name = ServerControl.objectName();

    @Test
    void theMBeanShowsTheModelAndStatsAndItsOperationSwitchesTheModel() throws Exception {
        try (TimeServer server = TimeServer.start(ServerOptions.loopback(new ServerModel.Platform()),
                ServerObserver.NONE);
                ServerControl control = ServerControl.register(server, 3, what -> { })) {
            assertThat(mbeans.getAttribute(name, "Model")).isEqualTo("platform");
            assertThat(mbeans.getAttribute(name, "Port")).isEqualTo(server.port());
            try (LineClient c = new LineClient(server.port())) {
                c.send("TIME\r\n").readLine();
            }
            await().until(() -> server.stats().active() == 0);
            assertThat(mbeans.getAttribute(name, "Requests")).isEqualTo(1L);
            assertThat(mbeans.getAttribute(name, "Accepted")).isEqualTo(1L);
            assertThat((int) mbeans.getAttribute(name, "PlatformThreads")).isPositive();

            Object what = mbeans.invoke(name, "switchModel", new Object[] {"fixed"},
                    new String[] {String.class.getName()});
            assertThat(what).isEqualTo("platform -> fixed:3"); // the server's default pool size
            assertThat(server.model()).isEqualTo(new ServerModel.FixedPool(3));
            try (LineClient c = new LineClient(server.port())) {
                c.send("TIME\r\n").readLine();
            }
            await().until(() -> server.stats().active() == 0);
            assertThat(mbeans.getAttribute(name, "ServedByModel")).isEqualTo(Map.of("platform", 1L, "fixed:3", 1L));
            assertThat(mbeans.getAttribute(name, "ClosedByReason")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("PEER_CLOSED", 2L);
        }
        assertThat(mbeans.isRegistered(name)).as("unregistered on close").isFalse();
    }

    @Test
    void anUnknownModelIsRefusedWithTheChoicesAndNothingChanges() throws Exception {
        try (TimeServer server = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()),
                ServerObserver.NONE);
                ServerControl control = ServerControl.register(server, 2, what -> { })) {
            assertThatThrownBy(() -> mbeans.invoke(name, "switchModel", new Object[] {"threads"},
                    new String[] {String.class.getName()}))
                    .isInstanceOf(RuntimeMBeanException.class)
                    .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("virtual, nio");
            assertThat(server.model()).isEqualTo(new ServerModel.Virtual());
        }
    }

    @Test
    void aSecondServerInTheSameJvmCannotTakeTheName() throws Exception {
        try (TimeServer a = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()), ServerObserver.NONE);
                TimeServer b = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()), ServerObserver.NONE);
                ServerControl control = ServerControl.register(a, 2, what -> { })) {
            assertThatThrownBy(() -> ServerControl.register(b, 2, what -> { }))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("timelab:type=Server");
            assertThat(mbeans.getAttribute(name, "Port")).isEqualTo(a.port());
        }
    }
}
