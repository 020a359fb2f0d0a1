package timelab.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import timelab.netty.EventLoops;
import timelab.protocol.Framer;
import timelab.service.Service;

/**
 * The {@code netty} model: Netty 4.2's event loops on io_uring, epoll or NIO. It is both the server's front (it owns
 * the listener: Netty's native channels cannot take over the JDK listener's socket, so the {@link Acceptor} is not
 * used) and its {@link Dispatcher} (it never gets a connection handed to it; it accepts its own).
 *
 * <p>Threads: one group of N event loops ({@code timelab-netty-server-1} … {@code -N}, {@link EventLoops}); the
 * listener is registered on one of them and every accepted channel on the next one round-robin. There is no separate
 * boss thread: accepting is one cheap event among the loop's others (with io_uring a multishot accept), and on a
 * machine of N cores a boss thread would only compete with the N loops for them.
 *
 * <p>Admission is the acceptor's: each accepted channel is counted; beyond {@link #maxConnections()} open at once it
 * gets {@code ERROR busy} and is closed; else it is registered in {@link Connections} and served by a
 * {@link NettyConnection} through the shared {@link Session}.
 *
 * <p>States: bound and serving (constructor) → {@link #close()} (listener closed) → {@link #kill()} (loops stopped,
 * their threads joined; every channel still open is closed by its loop on the way). A live switch to or from this
 * model is refused by {@link TimeServer#switchModel}.
 */
final class NettyServer implements Dispatcher, Front {

    private static final long STOP_MILLIS = 5_000;

    private final ServerModel.Netty model;
    private final EventLoops loops;
    private final Channel listener;
    private final InetSocketAddress address;
    private final int maxConnections;

    /**
     * Starts the loops on the model's transport (or its fallback) and binds the listener.
     *
     * @param accessLog the server's access log, or {@code null}
     * @throws IOException when the address cannot be bound; the loops are stopped again
     */
    NettyServer(ServerModel.Netty asked, Service service, ServerOptions options, Counters counters,
            Connections connections, ServerObserver observer, AccessLog accessLog, RequestWork work)
            throws IOException {
        this.loops = EventLoops.start(asked.transport(), asked.loops(), "server");
        this.model = new ServerModel.Netty(asked.loops(), loops.transport());
        this.maxConnections = options.maxConnections() > 0 ? options.maxConnections()
                : Acceptor.defaultMaxConnections();
        NettyConnection.Shared shared = new NettyConnection.Shared(model.label(), service, options, counters,
                connections, observer, accessLog, work, maxConnections, loops);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, options.effectiveBacklog())
                .option(ChannelOption.SO_REUSEADDR, true)
                // TCP_NODELAY as the acceptor sets it (Acceptor#noDelay): every Netty socket channel turns it on when
                // it is created, so it is not set again here (one setsockopt per connection less)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true) // input shutdown: answer, then close
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(EventLoop.BACKPRESSURE / 2, EventLoop.BACKPRESSURE))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new NettyConnection(shared));
                    }
                });
        if (options.reusePort()) { // each transport has its own option for it (EventLoops#reusePort)
            bootstrap.option(loops.reusePort(), true);
        }
        int minRead = Framer.of(options.handling().framing(), options.maxLine()).minReadBuffer();
        if (minRead > AdaptiveRecvByteBufAllocator.DEFAULT_MINIMUM) { // --framing chunk: one read is one request
            bootstrap.childOption(ChannelOption.RECVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(minRead,
                    Math.max(minRead, AdaptiveRecvByteBufAllocator.DEFAULT_INITIAL),
                    Math.max(minRead, AdaptiveRecvByteBufAllocator.DEFAULT_MAXIMUM)));
        }
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(options.bind(), options.port()))
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            loops.stop(STOP_MILLIS);
            throw bindFailure(bound.cause());
        }
        this.listener = bound.channel();
        // as bound, not as the native socket reports it: a dual-stack socket bound to 0.0.0.0 reports ::
        this.address = new InetSocketAddress(options.bind(), ((InetSocketAddress) listener.localAddress()).getPort());
    }

    /** A failed bind as the JDK reports it: a {@link BindException} when the address is in use or not available. */
    private static IOException bindFailure(Throwable cause) {
        if (cause instanceof BindException b) {
            return b;
        }
        String m = String.valueOf(cause.getMessage());
        if (m.contains("in use") || m.contains("assign requested address")) {
            BindException b = new BindException(m);
            b.initCause(cause);
            return b;
        }
        return cause instanceof IOException io ? io : new IOException(m, cause);
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

    /** Why the transport asked for did not start (one line), or {@code null} when it did. */
    String fallback() {
        return loops.fallback();
    }

    /** The model as it runs: the transport is the one that started. */
    @Override
    public ServerModel model() {
        return model;
    }

    /** Never called: this model accepts on its own listener. */
    @Override
    public void dispatch(Connection c) {
        throw new UnsupportedOperationException("the netty model accepts on its own listener");
    }

    /** Closes the listener: connects are refused from now on. Idempotent. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly(STOP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Accepting stops when {@link #close()} returns. */
    @Override
    public void join(long deadlineNanos) {
        // nothing to wait for
    }

    @Override
    public void retire() {
        close();
    }

    @Override
    public boolean isTerminated() {
        return loops.group().isTerminated();
    }

    /** Stops the loops (closing every channel still open) and joins their threads. */
    @Override
    public void kill() {
        close();
        loops.stop(STOP_MILLIS);
    }
}
