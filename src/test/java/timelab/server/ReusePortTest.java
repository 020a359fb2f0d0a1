package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * {@code --reuse-port} on every model: two servers bound with {@code SO_REUSEPORT} to one port both accept (the
 * kernel spreads connections by a hash of the 4-tuple, so the clients come from several 127.0.0.x sources), and
 * without it the second bind fails as before.
 */
class ReusePortTest {

    private static final int CLIENTS = 48;
    private static final int SOURCES = 8;

    @RegisterExtension
    final Servers servers = new Servers();

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void twoServersWithReusePortShareOnePortAndBothAccept(ServerModel model) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            TimeServer first = servers.start(ServerOptions.loopback(model).withReusePort(true));
            TimeServer second = servers.start(ServerOptions.loopback(model).withReusePort(true)
                    .withPort(first.port()));
            assertThat(second.port()).isEqualTo(first.port());
            for (int i = 0; i < CLIENTS; i++) {
                assertThat(time(first.port(), i % SOURCES + 1)).startsWith("JAM ");
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    first.stats().accepted() + second.stats().accepted()).isEqualTo(CLIENTS));
            assertThat(first.stats().accepted()).as("the first server's share").isPositive();
            assertThat(second.stats().accepted()).as("the second server's share").isPositive();
        });
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void withoutReusePortTheSecondBindFails(ServerModel model) throws IOException {
        TimeServer first = servers.start(ServerOptions.loopback(model));
        assertThatThrownBy(() -> servers.start(ServerOptions.loopback(model).withReusePort(true)
                .withPort(first.port()))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> servers.start(ServerOptions.loopback(model).withPort(first.port())))
                .isInstanceOf(BindException.class);
    }

    /** One TIME request from 127.0.0.{@code source}: the reply line. */
    private static String time(int port, int source) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) source}), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("TIME\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.append((char) b);
            }
            return line.toString().strip();
        }
    }
}
