package timelab.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.FailureClassifier.Phase;

/**
 * One client's connection on a {@link NettyLoop}: a Netty channel and the {@link ClientSession} it runs, as
 * {@link SelectorConnection} is for the selector loops. The connect's completion, the channel's reads, its errors and
 * its end become the session's events; the session's steps become writes. A request is one pooled direct buffer,
 * written and flushed at once (a client has one request in flight per connection) and released by Netty once
 * written; a read is copied into the loop's one heap buffer for the session and released at once.
 *
 * <p>A write's failure reaches {@link #exceptionCaught} (the void promise), classified as the selector's is: by where
 * the session is. Loop thread only, after {@link NettyLoop#submit}.
 */
final class NettyConnection extends ChannelInboundHandlerAdapter implements ChannelFutureListener {

    private final NettyLoop loop;
    private final ConnectionPlan plan;
    private final ClientSession session;
    private final HoldGate gate;
    private final Consumer<ConnectionResult> then;
    private Channel channel;
    private boolean arrived;
    private boolean finished;
    private long gateIndex;

    NettyConnection(NettyLoop loop, ConnectionPlan plan, ClientSession session, HoldGate gate,
            Consumer<ConnectionResult> then) {
        this.loop = loop;
        this.plan = plan;
        this.session = session;
        this.gate = gate;
        this.then = then;
    }

    /** Binds (when the plan has a source address) and starts the connect. */
    void start() {
        try {
            loop.started(this);
            session.connecting(System.nanoTime());
            ChannelFuture f = plan.local(session.client()) == null
                    ? loop.bootstrap(this).connect(plan.target(session.client()))
                    : loop.bootstrap(this).connect(plan.target(session.client()), plan.local(session.client()));
            channel = f.channel();
            if (f.isDone()) { // failed at once (no socket: a stand-in channel whose listeners run on another thread)
                operationComplete(f);
            } else {
                f.addListener(this);
            }
        } catch (RuntimeException | Error e) {
            failNow(Phase.START, e);
        }
    }

    /** The connect succeeded or failed. */
    @Override
    public void operationComplete(ChannelFuture f) {
        if (finished) {
            return;
        }
        if (!f.isSuccess()) {
            advance(session.failed(socketCause(f.cause())));
            return;
        }
        if (!session.connected(System.nanoTime(), channel.localAddress(), channel.remoteAddress())) {
            finish(session.result()); // connected to itself
            return;
        }
        if (gate != null) {
            arrived = true;
            gateIndex = gate.arriveNoWait(true);
            if (!gate.passes(gateIndex)) {
                loop.hold(this);
                return;
            }
            loop.wakeAll(); // this arrival may have opened the gate for connections held on other loops
        }
        proceed();
    }

    /**
     * What the kernel said when Netty could not even make the socket ({@code ChannelException: Unable to create
     * Channel} ← reflection ← {@code SocketException: Too many open files}): the root, as the other strategies report
     * it; any other failure as it is.
     */
    private static Throwable socketCause(Throwable e) {
        if (!(e instanceof ChannelException)) {
            return e;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** Whether the gate lets this held connection go now. */
    boolean gatePasses() {
        return gate.passes(gateIndex);
    }

    /** Past the gate: the first request (and any replies here already, read while held). */
    void proceed() {
        advance(session.begin(System.nanoTime()));
    }

    /** A reply (or part of one): handed to the session through the loop's buffer, then released. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (finished || !(msg instanceof ByteBuf buf)) {
                return;
            }
            long now = System.nanoTime();
            while (buf.isReadable() && !finished) {
                ByteBuffer in = loop.readBuffer();
                in.limit(Math.min(in.capacity(), buf.readableBytes()));
                buf.readBytes(in);
                advance(session.received(in.flip(), now));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The server closed (Netty closes the channel at end of stream), or the connection broke. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!finished) {
            advance(session.ended(System.nanoTime()));
        }
    }

    /** A read or a write failed. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (finished) {
            return;
        }
        advance(session.state() == ClientSession.State.OPEN ? session.failed(Phase.READ, cause)
                : session.failed(cause));
    }

    /** Whether the session's deadline (connect, reply, the close after QUIT) has passed. */
    boolean overdue(long now) {
        long deadline = session.deadline();
        return !finished && deadline != ClientSession.NO_DEADLINE && now - deadline >= 0;
    }

    void timedOut(long now) {
        advance(session.timedOut(now));
    }

    /** Ends the connection with a failure at {@code phase} (the loop or a bug, not the socket). */
    void failNow(Phase phase, Throwable e) {
        advance(session.failed(phase, e));
    }

    /** Carries out the session's steps until it waits for bytes or is done. */
    private void advance(ClientSession.Step step) {
        while (!finished) {
            switch (step) {
                case ClientSession.Step.Send send -> step = send(send.bytes());
                case ClientSession.Step.Receive receive -> {
                    return;
                }
                case ClientSession.Step.Done done -> finish(done.result());
            }
        }
    }

    /**
     * Writes and flushes {@code bytes} as one pooled direct buffer. Handed to the channel is as good as written: a
     * request is small, and a failure comes back through {@link #exceptionCaught}. On a channel the server has closed
     * already (a held connection), nothing is written: the session finds the end of stream itself.
     */
    private ClientSession.Step send(ByteBuffer bytes) {
        if (channel.isActive()) {
            ByteBuf out = channel.alloc().directBuffer(bytes.remaining());
            out.writeBytes(bytes);
            channel.writeAndFlush(out, channel.voidPromise());
        }
        return session.written(System.nanoTime());
    }

    private void finish(ConnectionResult result) {
        finished = true;
        loop.ended(this);
        if (gate != null && !arrived) {
            arrived = true;
            gate.arriveNoWait(false);
            loop.wakeAll(); // a failed arrival may complete the wave the others wait for
        }
        if (channel != null && channel.isRegistered()) { // one that never was has no socket (Netty closed it)
            try {
                channel.close();
            } catch (RuntimeException e) { // the result is reported whatever happens to the close
            }
        }
        session.closed();
        then.accept(result);
    }
}
