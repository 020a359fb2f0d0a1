package timelab.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;

/**
 * Initialises the JDK's I/O poller for virtual threads before it is needed.
 *
 * <p>The JDK sets up that poller (epoll descriptors and, on JDK 22+, sub-poller threads) lazily, on the first
 * blocking I/O of a virtual thread. If that first read happens while the process is out of file descriptors, the
 * poller's class initialisation fails and every later blocking read of every virtual thread fails with
 * {@code NoClassDefFoundError: Could not initialize class sun.nio.ch.Poller} — the process never recovers. Found by
 * the fd-exhaustion test. The server and the client call {@link #warmUp()} at start, while descriptors are free (it
 * also spares the first clients of a run a wait for that set-up, which JFR showed as a pinned virtual thread).
 */
public final class VirtualThreadIo {

    /** The name of the one virtual thread {@link #warmUp()} starts (recordings see it; timelab's counts do not). */
    public static final String WARM_UP_THREAD = "timelab-poller-warm-up";

    private static volatile boolean warm;

    private VirtualThreadIo() {}

    /**
     * Makes one virtual thread block in a read on an empty pipe, so the poller is set up now. Idempotent. (A first
     * version wrote the byte right away; the read then found data, never parked, and left the poller unset: a
     * virtual client at 20,000 connections lost 19,541 of them to the error above.)
     */
    public static void warmUp() {
        if (warm) {
            return;
        }
        try {
            Pipe pipe = Pipe.open();
            try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
                Thread reader = Thread.ofVirtual().name(WARM_UP_THREAD).start(() -> {
                    try {
                        source.read(ByteBuffer.allocate(1)); // parks the virtual thread on the poller
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                // only a read that finds nothing parks on the poller: write once the reader waits (bounded)
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (reader.getState() != Thread.State.WAITING && reader.isAlive()
                        && System.nanoTime() - deadline < 0) {
                    Thread.sleep(1);
                }
                sink.write(ByteBuffer.wrap(new byte[] {1}));
                reader.join();
            }
            warm = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up virtual-thread I/O", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
