package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import timelab.LineClient;
import timelab.protocol.TimeReply;

/**
 * The fault suite's bad input, on every model: what the client sees, what the server counts, and that the server's
 * threads and descriptors return to where they were (docs/explanation/reliability.md).
 */
class BadInputTest {

    @RegisterExtension
    final Servers servers = new Servers();
    private TimeServer server;
    private long fdsBefore;

    /**
     * Opens the descriptors the JVM opens once and keeps (TLS's random sources, the virtual-thread I/O poller), so
     * that the per-test baseline counts only what a server and its connections hold.
     */
    @BeforeAll
    static void warmUpJvmWideDescriptors() throws Exception {
        SSLContext.getDefault().createSSLEngine().setUseClientMode(true);
        for (ServerModel model : Servers.everyModel()) {
            try (TimeServer s = TimeServer.start(ServerOptions.loopback(model), ServerObserver.NONE)) {
                Thread t = Thread.ofVirtual().start(() -> {
                    try (LineClient c = new LineClient(s.port())) {
                        c.send("TIME\r\n").readLine();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.join();
            }
        }
    }

    private TimeServer start(ServerModel model) throws IOException {
        server = servers.start(ServerOptions.loopback(model).withLimits(256, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(2)));
        fdsBefore = ServerBehaviourTest.openDescriptors();
        return server;
    }

    /** Nothing leaked: no connection left, no per-connection thread, descriptors back to the baseline. */
    @AfterEach
    void everythingReturnsToBaseline() {
        if (server == null) {
            return;
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(server.stats().active()).isZero();
            assertThat(server.stats().virtualThreads()).isZero();
            assertThat(ServerBehaviourTest.liveThreads("timelab-platform-")).isZero();
            assertThat(ServerBehaviourTest.openDescriptors()).isLessThanOrEqualTo(fdsBefore);
        });
    }

    private static byte[] clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), hello);
        hello.flip();
        byte[] bytes = new byte[hello.remaining()];
        hello.get(bytes);
        return bytes;
    }

    private void assertStillServes() throws IOException {
        try (LineClient c = new LineClient(server.port())) {
            assertThat(c.send("TIME\r\n").readLine()).startsWith("JAM ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void nulAndOtherBinaryBytesAreAnUnknownCommand(ServerModel model) throws IOException {
        start(model);
        try (LineClient c = new LineClient(server.port())) {
            c.send(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 0x7f, '\r', '\n'});
            assertThat(c.readLine()).isEqualTo("ERROR unknown command");
            assertThat(c.send("TIME\r\n").readLine()).startsWith("JAM ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void anHttpRequestGetsOneErrorPerLineAndTheBlankLineNothing(ServerModel model) throws IOException {
        start(model);
        try (LineClient c = new LineClient(server.port())) {
            c.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\nTIME\r\n");
            assertThat(c.readLine()).isEqualTo("ERROR unknown command");
            assertThat(c.readLine()).isEqualTo("ERROR unknown command");
            assertThat(c.readLine()).startsWith("JAM ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void aTlsClientHelloIsAnsweredWithErrorsAndTheServerCarriesOn(ServerModel model) throws Exception {
        start(model);
        byte[] bytes;
        do { // one hello in ~200 ends in a random LF byte: then no line is left unfinished, and the server just waits
            bytes = clientHello();
        } while (bytes[bytes.length - 1] == '\n');
        assertThat(bytes[0]).as("a TLS handshake record").isEqualTo((byte) 0x16);
        try (LineClient c = new LineClient(server.port())) {
            c.send(bytes);
            List<String> replies = new ArrayList<>();
            String line;
            while ((line = c.readLine()) != null) {
                replies.add(line);
            }
            // whatever lines the random bytes contain get ERRORs; the unfinished last one times out or is too long
            assertThat(replies).isNotEmpty().allMatch(l -> l.startsWith("ERROR "));
            assertThat(replies.get(replies.size() - 1)).isIn("ERROR timeout", "ERROR line too long");
        }
        assertStillServes();
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void aMegabyteWithoutNewlineIsCutOffAtTheLimit(ServerModel model) throws Exception {
        start(model);
        try (LineClient c = new LineClient(server.port())) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    c.send(new byte[1 << 20]);
                } catch (IOException e) {
                    // the server closed on us after its error: expected
                }
            });
            assertThat(c.readLine()).isEqualTo("ERROR line too long");
            assertThat(c.isClosedByServer()).isTrue();
            writer.join(10_000);
        }
        await().until(() -> server.stats().closed().get(CloseReason.LINE_TOO_LONG) == 1);
        assertStillServes();
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void tenThousandBlankLinesGetNoReplyAndTheNextRequestIsAnsweredFirst(ServerModel model) throws IOException {
        start(model);
        try (LineClient c = new LineClient(server.port())) {
            c.send("\r\n".repeat(5_000) + "\n".repeat(5_000) + "TIME\r\n");
            assertThat(c.readLine()).startsWith("JAM ");
        }
        await().until(() -> server.stats().requests() == 1);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void oneBytePerPacketIsFramedLikeOneWrite(ServerModel model) throws IOException {
        start(model);
        try (LineClient c = new LineClient(server.port())) {
            c.socket().setTcpNoDelay(true);
            for (byte b : "TIME\r\nTIME\n".getBytes(StandardCharsets.US_ASCII)) {
                c.send(new byte[] {b});
            }
            assertThat(c.readLine()).startsWith("JAM ");
            assertThat(c.readLine()).startsWith("JAM ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void tenThousandPipelinedTimesAreAllAnsweredInOrder(ServerModel model) throws Exception {
        start(model);
        int n = 10_000;
        try (LineClient c = new LineClient(server.port())) {
            Thread writer = sendTimes(c, n);
            assertTimeRepliesInOrder(c, n);
            writer.join(10_000);
        }
        await().until(() -> server.stats().requests() == n);
    }

    /**
     * The client reads only after its writes have stalled: the server's socket fills, its replies wait (the event
     * loop keeps them pending and stops reading), and every reply still arrives once, in order.
     */
    @ParameterizedTest(name = "{0}")
    @EveryModel
    void aClientThatReadsLateStillGetsEveryPipelinedReplyInOrder(ServerModel model) throws Exception {
        start(model);
        // 3.6 MB of requests, 8.4 MB of replies: more than a loopback socket's send buffer grows to (4 MB here)
        int n = 600_000;
        try (LineClient c = new LineClient(server.port(), Duration.ofSeconds(10), 4096)) {
            Thread writer = sendTimes(c, n);
            // the writer parks once the sockets are full (or is done, if the kernel's buffers grew to hold it all)
            await().until(() -> server.stats().requests() > 0
                    && (writer.getState() == Thread.State.WAITING || !writer.isAlive()));
            Thread.sleep(200);
            assertTimeRepliesInOrder(c, n);
            writer.join(10_000);
            assertThat(writer.isAlive()).isFalse();
        }
        await().until(() -> server.stats().requests() == n);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void aResetInTheMiddleOfReplyingIsCountedAndCleanedUp(ServerModel model) throws Exception {
        start(model);
        LineClient c = new LineClient(server.port());
        c.send("TIME\r\n".repeat(20_000));
        c.readBytes(TimeReply.LENGTH * 3);
        c.reset();
        await().until(() -> server.stats().active() == 0);
        ServerStats s = server.stats();
        assertThat(s.closed().get(CloseReason.RESET) + s.closed().get(CloseReason.PEER_CLOSED)).isEqualTo(1);
        assertStillServes();
    }

    /** Sends {@code n} pipelined {@code TIME}s in one write, from a virtual thread: the caller reads meanwhile. */
    private static Thread sendTimes(LineClient c, int n) {
        return Thread.ofVirtual().start(() -> {
            try {
                c.send("TIME\r\n".repeat(n));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Reads {@code n} replies, a thousand at a time, and checks each is a TIME reply. */
    private static void assertTimeRepliesInOrder(LineClient c, int n) throws IOException {
        for (int i = 0; i < n; i += 1_000) {
            int chunk = Math.min(1_000, n - i);
            byte[] replies = c.readBytes(TimeReply.LENGTH * chunk);
            assertThat(replies).as("replies %d..", i).hasSize(TimeReply.LENGTH * chunk);
            for (int k = 0; k < chunk; k++) {
                byte[] reply = Arrays.copyOfRange(replies, k * TimeReply.LENGTH, (k + 1) * TimeReply.LENGTH);
                assertThat(TimeReply.isValid(reply)).as("reply %d: %s", i + k, new String(reply)).isTrue();
            }
        }
    }
}
