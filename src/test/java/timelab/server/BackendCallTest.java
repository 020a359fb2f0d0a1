package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import timelab.LineClient;
import timelab.work.Work;

/**
 * {@code --work call}: a real downstream call to another real server on every model, and every way a backend can
 * fail ending in {@code ERROR backend …} on a connection that stays usable, with no thread or descriptor left behind.
 */
class BackendCallTest {

    @RegisterExtension
    final Servers servers = new Servers();

    private final List<AutoCloseable> fakes = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeFakeBackends() throws Exception {
        for (AutoCloseable c : fakes) {
            c.close();
        }
    }

    private TimeServer front(ServerModel model, String work, Duration backendTimeout) throws IOException {
        Handling h = new Handling(Work.parse(work), backendTimeout, Handling.DEFAULT.framing(), null, false);
        return servers.start(ServerOptions.loopback(model).withHandling(h));
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void theReplyIsTheBackendsAfterKSequentialRoundTripsOnOneBackendConnection(ServerModel model) throws IOException {
        InstantSource noon = () -> Instant.parse("2026-01-01T12:34:56Z");
        TimeServer backend = servers.start(ServerOptions.loopback(new ServerModel.EventLoop()), ServerObserver.NONE,
                noon);
        String expected = "JAM " + java.time.LocalTime.ofInstant(noon.instant(), backend.options().zone())
                .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss"));
        TimeServer front = front(model, "call:127.0.0.1:" + backend.port() + "x3", Duration.ofSeconds(5));
        try (LineClient client = new LineClient(front.port())) {
            for (int i = 0; i < 2; i++) {
                client.send("TIME\r\n");
                assertThat(client.readLine()).isEqualTo(expected);
            }
        }
        await().until(() -> backend.stats().requests() == 6 && backend.stats().active() == 0);
        assertThat(backend.stats().accepted()).as("one backend connection per client connection").isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void aDeadGarbageOrSlowBackendIsAnErrorReplyAndTheConnectionStaysUsable(ServerModel model) throws Exception {
        long fds = openDescriptors();
        long threads = serverThreads();
        check(model, deadPort(), "ERROR backend refused");
        check(model, "no-such-backend.invalid", 45000, "ERROR backend unresolved");
        check(model, fake("\u0001\u0002garbage\r\n"), "ERROR backend garbage");
        check(model, fake(null), "ERROR backend timeout");
        check(model, fake("ERROR busy\r\n"), "ERROR backend error busy");
        closeFakeBackends();
        fakes.clear();
        servers.afterEach(null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(openDescriptors()).as("descriptors").isLessThanOrEqualTo(fds);
            assertThat(serverThreads()).as("servers' and fake backends' threads").isLessThanOrEqualTo(threads);
        });
    }

    private void check(ServerModel model, int backendPort, String expected) throws IOException {
        check(model, "127.0.0.1", backendPort, expected);
    }

    private void check(ServerModel model, String host, int port, String expected) throws IOException {
        TimeServer front = front(model, "call:" + host + ":" + port, Duration.ofMillis(300));
        try (LineClient client = new LineClient(front.port(), Duration.ofSeconds(5))) {
            client.send("TIME\r\n");
            assertThat(client.readLine()).isEqualTo(expected);
            client.send("TIME\r\n");
            assertThat(client.readLine()).as("the connection stays usable").isEqualTo(expected);
        }
        await().until(() -> front.stats().active() == 0);
        front.close();
    }

    /** A port nothing listens on (bound, then closed). */
    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * A backend that answers every line it reads with {@code reply}, or never answers when {@code null}; it keeps
     * each connection until the test ends.
     */
    private int fake(String reply) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        fakes.add(listener);
        Thread.ofPlatform().name("fake-backend").daemon().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    fakes.add(s);
                    Thread.ofPlatform().name("fake-backend-conn").daemon().start(() -> answer(s, reply));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return listener.getLocalPort();
    }

    private static void answer(Socket s, String reply) {
        try (s) {
            var in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n' && reply != null) {
                    out.write(reply.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the test closed it
        }
    }

    /** Threads this test's servers and fake backends started (the JDK's own lazily started ones aside). */
    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("timelab-") || t.getName().startsWith("fake-backend")).count();
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
