package timelab.server;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * One accepted connection, from accept to close. Owned by the thread that serves it; other threads may only
 * {@link #drain()} it (shutdown), {@link #timeOutRead} it (read deadline passed) or {@link #abort} it (write stall,
 * end of the grace period).
 *
 * <p>One is kept per open connection, so it holds no object of its own beyond its remote address's text
 * (docs/explanation/profiles.md, "Memory per held connection").
 *
 * <p>Its I/O is either a JDK {@link SocketChannel} (every model the {@link Acceptor} feeds) or, for the
 * {@code netty} model, the Netty channel's handler ({@link NettyConnection}): exactly one of {@link #channel} and
 * {@link #netty} is set, and {@link #drain}, {@link #abort} and {@link #closeChannel} work on either, so shutdown,
 * timeouts and the registry treat both alike.
 */
final class Connection {

    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(Connection.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The JDK channel, or {@code null} on the {@code netty} model. */
    final SocketChannel channel;
    /** The Netty channel's handler on the {@code netty} model, else {@code null}. */
    final NettyConnection netty;
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
    /**
     * When the blocking read going on must end ({@code System.nanoTime()}), {@link Session#NO_DEADLINE} when it may
     * wait for ever or no read is going on. Set by the serving thread around each read; the server's timer calls
     * {@link #timeOutRead} once it has passed.
     */
    volatile long readDeadlineNanos = Session.NO_DEADLINE;
    /**
     * Set (for good) by {@link #timeOutRead} before it shuts the input down: the serving thread's read then sees
     * end-of-stream, and this flag tells it that the deadline passed rather than the peer closing.
     */
    volatile boolean readTimedOut;
    /** Set by the event loop, which enforces its own write timeout; the server's timer skips such connections. */
    volatile boolean timedByEventLoop;
    private volatile CloseReason abortReason;
    @SuppressWarnings("unused") // through ENDED
    private volatile boolean ended;

    Connection(SocketChannel channel, String model) {
        this.channel = channel;
        this.netty = null;
        this.model = model;
        this.acceptedNanos = System.nanoTime();
        this.remote = remoteOf(channel);
    }

    Connection(NettyConnection netty, String remote, String model) {
        this.channel = null;
        this.netty = netty;
        this.model = model;
        this.acceptedNanos = System.nanoTime();
        this.remote = remote;
    }

    /** Stop reading: the serving thread sees end-of-stream, answers the complete lines it has, and closes. */
    void drain() {
        if (netty != null) {
            netty.drain();
            return;
        }
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            // already closed or reset: the serving thread sees that by itself
        }
    }

    /** The read deadline passed (the server's timer): end the serving thread's read with {@link #readTimedOut}. */
    void timeOutRead() {
        readTimedOut = true;
        drain();
    }

    /** Close now from another thread; the serving thread's next I/O fails and it ends the connection with reason. */
    void abort(CloseReason reason) {
        abortReason = reason;
        closeChannel();
    }

    /** Whether the server's side of the connection has {@code TCP_NODELAY} on (tests). */
    boolean noDelay() throws IOException {
        return netty != null ? netty.noDelay() : channel.getOption(StandardSocketOptions.TCP_NODELAY);
    }

    /** The reason given to {@link #abort}, or {@code null}. */
    CloseReason abortReason() {
        return abortReason;
    }

    /** Marks the connection ended; true only for the first caller. */
    boolean markEnded() {
        return ENDED.compareAndSet(this, false, true);
    }

    void closeChannel() {
        if (netty != null) {
            netty.close();
            return;
        }
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
