package timelab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One accepted connection, from accept to close. Owned by the thread that serves it; other threads may only
 * {@link #drain()} it (shutdown) or {@link #abort} it (write stall, end of the grace period).
 */
final class Connection {

    final SocketChannel channel;
    final String remote;
    final long acceptedNanos;
    /**
     * The label of the model serving it: set by the acceptor right before it hands the connection to a dispatcher
     * (again, if a live switch made it retry on the new model), so that it names the model that really serves it.
     */
    volatile String model;
    /** Told when the connection ends; set once by {@link Connections#open}. */
    volatile ConnectionObserver observer = ConnectionObserver.NONE;
    /** When the current write started ({@code System.nanoTime()}), 0 when not writing. */
    volatile long writeStartedNanos;
    /** Set by the event loop, which enforces its own write timeout; the server's timer skips such connections. */
    volatile boolean timedByEventLoop;
    private volatile CloseReason abortReason;
    private final AtomicBoolean ended = new AtomicBoolean();

    Connection(SocketChannel channel, String model) {
        this.channel = channel;
        this.model = model;
        this.acceptedNanos = System.nanoTime();
        this.remote = remoteOf(channel);
    }

    /** Stop reading: the serving thread sees end-of-stream, answers the complete lines it has, and closes. */
    void drain() {
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            // already closed or reset: the serving thread sees that by itself
        }
    }

    /** Close now from another thread; the serving thread's next I/O fails and it ends the connection with reason. */
    void abort(CloseReason reason) {
        abortReason = reason;
        closeChannel();
    }

    /** The reason given to {@link #abort}, or {@code null}. */
    CloseReason abortReason() {
        return abortReason;
    }

    /** Marks the connection ended; true only for the first caller. */
    boolean markEnded() {
        return ended.compareAndSet(false, true);
    }

    void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do: the descriptor is released either way
        }
    }

    private static String remoteOf(SocketChannel channel) {
        try {
            if (channel.getRemoteAddress() instanceof InetSocketAddress a) {
                return a.getAddress().getHostAddress() + ":" + a.getPort();
            }
        } catch (IOException e) {
            // closed already
        }
        return "?";
    }
}
