package timelab.server;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import timelab.protocol.ErrorReply;

/**
 * The server's listener and its one acceptor thread ({@value #THREAD_NAME}, platform): binds, accepts, admits each
 * connection up to {@link #maxConnections()} (refusing the rest with {@code BUSY}) and hands it to the current
 * {@link Dispatcher}, for every model alike.
 *
 * <p>States: bound (constructor) → {@link #start()} → accepting → {@link #close()} → closed. A failed {@code accept}
 * (typically the open-file limit) is counted, reported as an {@code accept} problem and followed by a pause, 50 ms
 * doubling to 1.6 s (Tomcat's back-off); a thread that cannot be started for a connection closes that connection and
 * pauses the same way. The thread ends when the listener is closed.
 *
 * <p>Threads: the constructor, {@link #start()} and {@link #maxConnections()} on any thread; {@link #close()} and
 * {@link #join} on any thread, any number of times.
 */
final class Acceptor implements Front {

    static final String THREAD_NAME = "timelab-acceptor";
    /** Descriptors kept free below the open-file limit when {@code maxConnections} is derived (log, JFR, dumps). */
    static final int FD_HEADROOM = 32;
    private static final long BACKOFF_MIN_MILLIS = 50;
    private static final long BACKOFF_MAX_MILLIS = 1600;
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());

    private final ServerSocketChannel listener;
    private final InetSocketAddress address;
    private final int maxConnections;
    private final Counters counters;
    private final Connections connections;
    private final ServerObserver observer;
    private final Problems problems;
    private final Supplier<Dispatcher> current;
    private volatile boolean closed;
    private volatile Thread thread;

    /**
     * Binds the listener (with {@code SO_REUSEADDR}, {@code SO_REUSEPORT} when asked, the options' backlog; an IPv4
     * bind address means an IPv4 socket) and derives the connection cap; accepts nothing before {@link #start()}.
     *
     * @param current the dispatcher new connections go to, read for each connection
     * @param problems must know the kinds {@code accept} and {@code thread}
     * @throws IOException when the address cannot be bound (e.g. the port is in use); nothing is left open
     */
    Acceptor(ServerOptions options, Counters counters, Connections connections, ServerObserver observer,
            Problems problems, Supplier<Dispatcher> current) throws IOException {
        this.listener = options.bind() instanceof Inet4Address
                ? ServerSocketChannel.open(StandardProtocolFamily.INET) // 0.0.0.0 means IPv4, as in the coursework
                : ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (options.reusePort()) { // ServerOptions checked that the platform has it
                listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            listener.bind(new InetSocketAddress(options.bind(), options.port()), options.effectiveBacklog());
            this.address = (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        this.maxConnections = options.maxConnections() > 0 ? options.maxConnections() : defaultMaxConnections();
        this.counters = counters;
        this.connections = connections;
        this.observer = observer;
        this.problems = problems;
        this.current = current;
    }

    /** Starts the acceptor thread; call once. */
    void start() {
        thread = Thread.ofPlatform().name(THREAD_NAME).start(this::acceptLoop);
    }

    /** The address and port actually bound. */
    @Override
    public InetSocketAddress address() {
        return address;
    }

    /** Connections open at once beyond which new ones are refused with {@code BUSY}. */
    @Override
    public int maxConnections() {
        return maxConnections;
    }

    /** Closes the listener: connects are refused from now on and the acceptor thread ends. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the listener: " + e);
        }
    }

    /** Waits for the acceptor thread to end, until {@code deadlineNanos} ({@link System#nanoTime()}) at most. */
    @Override
    public void join(long deadlineNanos) {
        Thread t = thread;
        if (t != null) {
            TimeServer.join(t, deadlineNanos);
        }
    }

    private void acceptLoop() {
        long backoff = 0;
        while (!closed) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return; // close() closed the listener
            } catch (IOException e) {
                counters.acceptFailures.increment();
                problems.report("accept",
                        "accept failed: " + e.getMessage() + "; pausing accepts, retrying with backoff");
                backoff = pause(backoff);
                continue;
            }
            backoff = 0;
            noDelay(channel);
            counters.accepted.increment();
            if (connections.active() >= maxConnections) {
                rejectBusy(channel);
                continue;
            }
            Connection c = connections.open(channel, current.get().model().label());
            observer.accepted(counters.accepted.sum(), c.remote);
            try {
                dispatch(c);
            } catch (OutOfMemoryError e) {
                connections.end(c, 0, CloseReason.NO_THREAD);
                problems.report("thread", "cannot start a thread for a connection (" + e.getMessage()
                        + "); closed it, backing off");
                backoff = pause(backoff);
            }
        }
    }

    /** Hands {@code c} to the current dispatcher; a dispatcher retired by a live switch meanwhile passes it on. */
    private void dispatch(Connection c) {
        while (true) {
            Dispatcher d = current.get();
            c.model = d.model().label();
            try {
                d.dispatch(c);
                return;
            } catch (RejectedExecutionException e) {
                if (d == current.get()) { // not a switch race: the server is closing
                    connections.end(c, 0, CloseReason.SHUTDOWN);
                    return;
                }
            }
        }
    }

    /**
     * Replies are small and written as soon as they are ready: without {@code TCP_NODELAY}, Nagle's algorithm would
     * hold a reply back until the previous one is acknowledged, 40 ms with delayed ACKs (as Redis does, disable it).
     */
    private static void noDelay(SocketChannel channel) {
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            // the connection is already gone; serving it will find out
        }
    }

    private void rejectBusy(SocketChannel channel) {
        counters.busyRejected.increment();
        counters.errorReplies.increment();
        try (channel) {
            channel.write(ByteBuffer.wrap(ErrorReply.BUSY.wire()));
        } catch (IOException e) {
            // the client went away already; it was refused either way
        }
    }

    /** Sleeps on the acceptor thread, 50 ms doubling to 1.6 s (Tomcat's accept back-off); returns the next pause. */
    private static long pause(long previous) {
        long millis = previous == 0 ? BACKOFF_MIN_MILLIS : Math.min(previous * 2, BACKOFF_MAX_MILLIS);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return millis;
    }

    /** The default connection cap: the open-file limit less the descriptors open now less {@link #FD_HEADROOM}. */
    static int defaultMaxConnections() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            long free = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount() - FD_HEADROOM;
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, free));
        }
        return 10_000;
    }
}
