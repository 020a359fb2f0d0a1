package timelab.netty;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A started group of Netty event loops on one {@link Transport}, with the channel classes that go with it: what the
 * {@code netty} server model and client strategy both run on. {@link #start} is the one place a transport becomes
 * threads; when the one asked for cannot start here (a native library that does not load on this OS or CPU, a
 * kernel without io_uring or with it disabled, too little locked memory for the rings) it tries the next one
 * ({@code io_uring → epoll → nio}) and keeps the reason in {@link #fallback()}, one line.
 *
 * <p>{@link #stop} returns once every loop thread has ended, not only once the group says it has terminated (its
 * threads still run for a moment after that).
 */
public final class EventLoops {

    static {
        // Netty's default leak detection (SIMPLE) tracks 1 buffer in 128 and records a stack trace for each: with two
        // buffers per request that cost 0.7-0.8 us of server CPU per request (about 10%), measured with 50 persistent
        // connections on io_uring and epoll. Off unless asked for: the tests ask for PARANOID with the property.
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    private final Transport asked;
    private final Transport transport;
    private final String fallback;
    private final EventLoopGroup group;
    private final List<Thread> threads;

    private EventLoops(Transport asked, Transport transport, String fallback, EventLoopGroup group,
            List<Thread> threads) {
        this.asked = asked;
        this.transport = transport;
        this.fallback = fallback;
        this.group = group;
        this.threads = threads;
    }

    /**
     * Starts {@code threads} event loops on {@code asked}, or on the first transport after it that starts.
     *
     * @param role names the threads: {@code timelab-netty-ROLE-1}, … (the server's are {@code server}, the client's
     *     {@code client})
     */
    public static EventLoops start(Transport asked, int threads, String role) {
        if (threads < 1) {
            throw new IllegalArgumentException("netty needs at least 1 event loop, was " + threads);
        }
        List<String> why = new ArrayList<>();
        for (Transport t = asked; t != null; t = t.fallback()) {
            String cause = unavailable(t);
            if (cause == null) {
                List<Thread> started = new CopyOnWriteArrayList<>();
                try {
                    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, threads(role, started),
                            factory(t));
                    return new EventLoops(asked, t, why.isEmpty() ? null : String.join("; ", why), group, started);
                } catch (RuntimeException | LinkageError e) {
                    cause = oneLine(e);
                }
            }
            why.add(t + " unavailable: " + cause);
        }
        throw new IllegalStateException(String.join("; ", why)); // nio always starts: not reached
    }

    /** The best transport that loads here (without starting it): what {@code --transport} defaults to. */
    public static Transport best() {
        for (Transport t = Transport.IO_URING; t != null; t = t.fallback()) {
            if (unavailable(t) == null) {
                return t;
            }
        }
        return Transport.NIO;
    }

    /** Why {@code t}'s native part does not load here, in one line, or {@code null} when it does. */
    public static String unavailable(Transport t) {
        try {
            Throwable cause = switch (t) {
                case IO_URING -> IoUring.isAvailable() ? null : IoUring.unavailabilityCause();
                case EPOLL -> Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
                case NIO -> null;
            };
            return cause == null ? null : oneLine(cause);
        } catch (LinkageError e) { // the classes themselves are missing (a slimmed jar)
            return oneLine(e);
        }
    }

    private static IoHandlerFactory factory(Transport t) {
        return switch (t) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    /** The transport asked for. */
    public Transport asked() {
        return asked;
    }

    /** The transport that started: {@link #asked()}, or one after it when that could not start here. */
    public Transport transport() {
        return transport;
    }

    /** Why {@link #asked()} did not start (each transport tried, in one line), or {@code null} when it did. */
    public String fallback() {
        return fallback;
    }

    /** The event loops: platform threads named {@code timelab-netty-ROLE-N}. */
    public EventLoopGroup group() {
        return group;
    }

    /** The listening channel's class for this transport. */
    public Class<? extends ServerChannel> serverChannel() {
        return switch (transport) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    /**
     * The listener option that sets {@code SO_REUSEPORT} on this transport's server channel: epoll and io_uring have
     * their own, nio takes the JDK's {@link StandardSocketOptions#SO_REUSEPORT} through {@link NioChannelOption}.
     */
    public ChannelOption<Boolean> reusePort() {
        return switch (transport) {
            case IO_URING -> IoUringChannelOption.SO_REUSEPORT;
            case EPOLL -> EpollChannelOption.SO_REUSEPORT;
            case NIO -> NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT);
        };
    }

    /** A connection's channel class for this transport. */
    public Class<? extends SocketChannel> socketChannel() {
        return switch (transport) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /** The transport, and when it is not the one asked for, why: {@code epoll (io_uring unavailable: …)}. */
    public String describe() {
        return fallback == null ? transport.label() : transport + " (" + fallback + ")";
    }

    /**
     * Stops the loops at once (no quiet period) and waits up to {@code timeoutMillis} for their threads to end.
     *
     * @return whether every loop thread ended in time
     */
    public boolean stop(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        group.shutdownGracefully(0, timeoutMillis, TimeUnit.MILLISECONDS).awaitUninterruptibly(timeoutMillis);
        boolean interrupted = false;
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                t.join(Math.max(1, left));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** Netty's own thread class (its thread-locals are faster on it), named as timelab names its threads. */
    private static ThreadFactory threads(String role, List<Thread> started) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new FastThreadLocalThread(r, "timelab-netty-" + role + "-" + n.incrementAndGet());
            t.setDaemon(true);
            started.add(t);
            return t;
        };
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.replaceAll("\\s+", " ").strip();
    }
}
