package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Read timeouts without SO_TIMEOUT: a silent peer times out, a prompt one does not, and no thread is left over. */
@Timeout(30)
class ReadDeadlinesTest {

    private static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    private final ReadDeadlines deadlines = new ReadDeadlines();

    @Test
    void aReadThatGetsNothingFailsAsAReadTimeoutWithinATickOfItsDeadline() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket silent = server.accept();
                ReadDeadlines.Watch watch = deadlines.watch(socket)) {
            InputStream in = socket.getInputStream();
            long start = System.nanoTime();
            watch.arm(TIMEOUT_NANOS);
            IOException seen = null;
            try {
                in.read();
            } catch (IOException e) {
                seen = watch.check(e);
            }
            long took = System.nanoTime() - start;
            assertThat(seen).isInstanceOf(SocketTimeoutException.class).hasMessage("Read timed out");
            assertThat(took).isGreaterThanOrEqualTo(TIMEOUT_NANOS);
            assertThat(socket.isClosed()).as("the deadline closed the socket to end the read").isTrue();
            assertThatThrownBy(watch::disarm).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aReplyInTimeIsReadAndTheSocketStaysOpenPastTheDeadline() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket peer = server.accept();
                ReadDeadlines.Watch watch = deadlines.watch(socket)) {
            watch.arm(TIMEOUT_NANOS);
            peer.getOutputStream().write('x');
            assertThat(socket.getInputStream().read()).isEqualTo('x');
            watch.disarm();
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NANOS) + 3 * ReadDeadlines.TICK_MILLIS);
            assertThat(socket.isClosed()).as("a disarmed deadline never fires").isFalse();
            watch.arm(TIMEOUT_NANOS); // armed again: usable for the next reply
            peer.getOutputStream().write('y');
            assertThat(socket.getInputStream().read()).isEqualTo('y');
            watch.disarm();
        }
    }

    @Test
    void theCheckingThreadEndsWhenNothingIsWatchedAndStartsAgainForTheNextWatch() throws IOException {
        try (Socket unconnected = new Socket()) {
            deadlines.watch(unconnected).close();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !deadlines.running());
            try (ReadDeadlines.Watch again = deadlines.watch(unconnected)) {
                assertThat(deadlines.running()).isTrue();
            }
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !deadlines.running());
        }
    }
}
