package timelab.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import timelab.netty.EventLoops;
import timelab.protocol.ErrorReply;
import timelab.service.Service;
import timelab.work.Work;

/**
 * One {@code netty} connection's handler: runs the connection's {@link Session} on its channel's event loop, so the
 * protocol is the one every model speaks. Each read's bytes are fed to the session as they arrive and its replies
 * written (one buffer from the channel's allocator per read); the batch is flushed once, in
 * {@code channelReadComplete}. While the channel is not writable (more than {@link EventLoop#BACKPRESSURE} bytes
 * queued) it stops reading; while a request's work is under way on the loop ({@code delay}, {@code call}) input that
 * still arrives is held and framed once the work has ended. Input shutdown (the peer's half-close, or
 * {@link #drain()} on close) answers the complete lines and closes. The line and idle timeouts are one loop timer
 * re-armed at the session's deadline; the write timeout one timer from when the channel became unwritable.
 *
 * <p>Threads: everything on the channel's loop, except {@link #drain()} and {@link #close()} (any thread).
 */
final class NettyConnection extends ChannelInboundHandlerAdapter implements LoopTasks {

    private static final System.Logger LOG = System.getLogger(NettyConnection.class.getName());
    /** The replies of one step, per loop thread: every connection of a loop shares it. */
    private static final FastThreadLocal<LoopReplies> REPLIES = new FastThreadLocal<>() {
        @Override
        protected LoopReplies initialValue() {
            return new LoopReplies();
        }
    };

    /** What every connection of a server shares. */
    record Shared(String model, Service service, ServerOptions options, Counters counters, Connections connections,
            ServerObserver observer, AccessLog accessLog, RequestWork work, int maxConnections, EventLoops loops) { }

    private final Shared shared;
    private volatile ChannelHandlerContext ctx;
    /** {@code null} when refused {@code BUSY}. */
    private Connection c;
    private Session session;
    private long lastReadNanos;
    /** Input read while a request's work is under way, framed once it ends; or {@code null}. */
    private ByteBuf held;
    private boolean inputEnded;
    private boolean closing;
    private boolean wrote;
    /** Why this side closed, or {@code null} while open or when the peer or another thread closed it. */
    private CloseReason reason;
    private ScheduledFuture<?> deadlineTimer;
    private long deadlineTimerAt;

    NettyConnection(Shared shared) {
        this.shared = shared;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        Counters counters = shared.counters();
        counters.accepted.increment();
        if (shared.connections().active() >= shared.maxConnections()) {
            counters.busyRejected.increment();
            counters.errorReplies.increment();
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(ErrorReply.BUSY.wire())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        c = shared.connections().open(this, remoteOf(ctx.channel()), shared.model());
        c.timedByEventLoop = true;
        shared.observer().accepted(counters.accepted.sum(), c.remote);
        session = new Session(shared.service(), shared.options(), counters, RequestLog.of(shared.accessLog(), c),
                shared.work().worker(c, this), c.acceptedNanos);
        session.onResume(this::resumed);
        lastReadNanos = System.nanoTime();
        if (session.speaksFirst()) {
            advance(session::opened);
        } else {
            armDeadline();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (c == null || closing) {
            in.release();
        } else if (session.working()) {
            hold(in);
        } else {
            try {
                feed(in);
            } finally {
                in.release();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (c != null) {
            flush();
            if (closing) {
                finish();
            } else {
                armDeadline();
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputEnded();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (c == null) {
            return;
        }
        if (ctx.channel().isWritable()) {
            c.writeStartedNanos = 0;
        } else {
            long started = System.nanoTime();
            c.writeStartedNanos = started;
            ctx.executor().schedule(() -> {
                if (c.writeStartedNanos == started) {
                    reason = CloseReason.WRITE_TIMEOUT;
                    ctx.close();
                }
            }, shared.options().writeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        updateAutoRead();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.log(System.Logger.Level.DEBUG, () -> (c == null ? "?" : c.remote) + " ended: " + cause);
        } else {
            LOG.log(System.Logger.Level.WARNING, "netty connection failed; closing it", cause);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (c == null) {
            return;
        }
        if (held != null) {
            held.release();
            held = null;
        }
        if (deadlineTimer != null) {
            deadlineTimer.cancel(false);
        }
        CloseReason why = reason != null ? reason : c.abortReason() != null ? c.abortReason() : CloseReason.RESET;
        shared.connections().end(c, session.requests(), why);
        session.release();
    }

    /** Stop reading, answer what was read, close: on the loop (close of the server). Any thread. */
    void drain() {
        try {
            ctx.executor().execute(this::inputEnded);
        } catch (RejectedExecutionException e) {
            // the loop is stopping: it closes the channel itself
        }
    }

    /** Close now. Any thread. */
    void close() {
        ctx.channel().close();
    }

    /** Whether the channel has {@code TCP_NODELAY} on. */
    boolean noDelay() {
        return ctx.channel().config().getOption(ChannelOption.TCP_NODELAY);
    }

    @Override
    public void after(long nanos, Runnable task) {
        ctx.executor().schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public LoopTasks.Backend backend(Work.Call call, long timeoutNanos, int maxLine) {
        return new NettyBackend(call, timeoutNanos, maxLine, this, ctx.channel().eventLoop(),
                shared.loops().socketChannel());
    }

    private void feed(ByteBuf in) {
        lastReadNanos = System.nanoTime();
        LoopReplies out = REPLIES.get();
        boolean open;
        try {
            // the buffer's own NIO view, no copy and no allocation; the session is done with it when feed returns
            ByteBuffer bytes = in.nioBufferCount() == 1 ? in.internalNioBuffer(in.readerIndex(), in.readableBytes())
                    : in.nioBuffer();
            open = session.feed(bytes, out, lastReadNanos);
        } catch (IOException e) { // the access log cannot take the requests: their replies must reach no one
            out.reset();
            failed();
            return;
        }
        write(out);
        if (!open) {
            closing = true;
        } else if (session.working()) {
            updateAutoRead();
        }
    }

    private void hold(ByteBuf in) {
        try {
            if (held == null) {
                held = ctx.alloc().heapBuffer(in.readableBytes());
            }
            held.writeBytes(in);
        } finally {
            in.release();
        }
    }

    private void inputEnded() {
        if (c == null || closing) {
            return;
        }
        inputEnded = true;
        if (!session.working()) {
            session.peerClosed();
            closing = true;
            flush();
            finish();
        } else {
            updateAutoRead();
        }
    }

    /** The work of a request ended on the loop: answers it, then frames the input held behind it. */
    private void resumed() {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        lastReadNanos = System.nanoTime();
        advance(out -> session.resume(out, lastReadNanos));
        while (!closing && !session.working() && held != null) {
            ByteBuf h = held;
            held = null;
            try {
                feed(h);
            } finally {
                h.release();
            }
        }
        flush();
        if (!closing && !session.working() && inputEnded) {
            session.peerClosed();
            closing = true;
        }
        if (closing) {
            finish();
        } else {
            updateAutoRead();
            armDeadline();
        }
    }

    /** A step of the session that writes replies without a read: {@code false} when the connection must close. */
    private interface Step {
        boolean run(LoopReplies out) throws IOException;
    }

    private void advance(Step step) {
        LoopReplies out = REPLIES.get();
        boolean open;
        try {
            open = step.run(out);
        } catch (IOException e) {
            out.reset();
            failed();
            return;
        }
        write(out);
        flush();
        if (!open) {
            closing = true;
            finish();
        }
    }

    private void write(LoopReplies out) {
        if (out.size() > 0) {
            ctx.write(out.toByteBuf(ctx.alloc()), ctx.voidPromise());
            wrote = true;
        }
    }

    private void flush() {
        if (wrote) {
            wrote = false;
            ctx.flush();
        }
    }

    /**
     * Closes once every reply written so far is out. Reading is not turned off first: what still arrives is dropped
     * by {@link #channelRead} ({@code closing}), and turning it off costs a system call per connection (an
     * {@code epoll_ctl}; with io_uring a cancelled receive) just before the close removes the channel anyway.
     */
    private void finish() {
        if (reason == null) {
            reason = session.closeReason() != null ? session.closeReason() : CloseReason.PEER_CLOSED;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void failed() {
        closing = true;
        reason = c.abortReason() != null ? c.abortReason() : CloseReason.RESET;
        ctx.close();
    }

    private void updateAutoRead() {
        ctx.channel().config().setAutoRead(!closing && !inputEnded && !session.working() && ctx.channel().isWritable());
    }

    /** Arms the timer for the session's deadline unless one is armed for no later. */
    private void armDeadline() {
        long due = session.deadline(lastReadNanos);
        if (due == Session.NO_DEADLINE || deadlineTimer != null && deadlineTimerAt - due <= 0) {
            return;
        }
        if (deadlineTimer != null) {
            deadlineTimer.cancel(false);
        }
        deadlineTimerAt = due;
        deadlineTimer = ctx.executor().schedule(this::deadlinePassed, Math.max(0, due - System.nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    private void deadlinePassed() {
        deadlineTimer = null;
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        long due = session.deadline(lastReadNanos);
        if (due != Session.NO_DEADLINE && System.nanoTime() - due >= 0) {
            advance(out -> {
                session.expire(out);
                return false;
            });
        } else {
            armDeadline();
        }
    }

    private static String remoteOf(Channel channel) {
        if (channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
            return a.getAddress().getHostAddress() + ":" + a.getPort();
        }
        return "?";
    }
}
