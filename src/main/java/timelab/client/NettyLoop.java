package timelab.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import timelab.client.FailureClassifier.Phase;

/**
 * One Netty event loop of the {@link NettyDriver} and what it keeps for its connections: the bootstrap they are made
 * from, the one read buffer replies are copied into for their sessions, the connections alive (every
 * {@link ReadDeadlines#TICK_MILLIS} ms those whose session's deadline has passed are timed out — connect, reply and
 * the close after {@code QUIT} alike, as {@link SelectorLoop} does, so a timeout fires up to one tick late) and the
 * ones held at the gate.
 *
 * <p>{@link #submit} and {@link #wake} may be called from any thread; everything else runs on the loop's thread.
 */
final class NettyLoop {

    private final EventLoop loop;
    private final NettyDriver driver;
    private final Bootstrap template;
    /** Every read of this loop goes through it: a session keeps only what it cannot use yet. */
    private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    private final Set<NettyConnection> live = new HashSet<>();
    private final List<NettyConnection> held = new ArrayList<>();
    private final Queue<NettyConnection> incoming = new ConcurrentLinkedQueue<>();
    /** Whether a {@link #startSome} is queued or running: the one that will see what {@link #submit} added. */
    private final AtomicBoolean starting = new AtomicBoolean();
    private boolean ticking;

    NettyLoop(EventLoop loop, Class<? extends SocketChannel> channel, NettyDriver driver) {
        this.loop = loop;
        this.driver = driver;
        this.template = new Bootstrap().group(loop).channel(channel)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 0); // the session's deadline times a connect out
    }

    /** Starts {@code c} on the loop's thread, soon. Any thread. */
    void submit(NettyConnection c) {
        incoming.add(c);
        if (starting.compareAndSet(false, true)) {
            loop.execute(this::startSome);
        }
    }

    /**
     * Starts up to {@link SelectorLoop#STARTS_PER_TURN} connections, and schedules itself for the rest: a scheduled
     * task runs only after the loop's next look at its I/O, whereas a task added while tasks run would run in the
     * same turn — 10,000 connects at once, each connection's completion waiting for all the others (the connect
     * latency would be the client's, not the server's).
     */
    private void startSome() {
        NettyConnection c;
        for (int i = 0; i < SelectorLoop.STARTS_PER_TURN && (c = incoming.poll()) != null; i++) {
            c.start();
        }
        if (incoming.isEmpty()) {
            starting.set(false);
            if (incoming.isEmpty() || !starting.compareAndSet(false, true)) {
                return; // nothing more, or a submit that came meanwhile queued a start of its own
            }
        }
        loop.schedule(this::startSome, 0, TimeUnit.NANOSECONDS);
    }

    /** A bootstrap for one connection, its handler {@code c}. Loop thread only. */
    Bootstrap bootstrap(NettyConnection c) {
        return template.clone().handler(c);
    }

    /** The loop's read buffer, cleared. Loop thread only. */
    ByteBuffer readBuffer() {
        return in.clear();
    }

    /** {@code c} has begun: its deadlines are watched from now. Loop thread only. */
    void started(NettyConnection c) {
        live.add(c);
        if (!ticking) {
            ticking = true;
            loop.scheduleAtFixedRate(this::expireOverdue, ReadDeadlines.TICK_MILLIS, ReadDeadlines.TICK_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** {@code c} is done. Loop thread only. */
    void ended(NettyConnection c) {
        live.remove(c);
    }

    /** Keeps {@code c} until the gate lets it go. Loop thread only. */
    void hold(NettyConnection c) {
        held.add(c);
    }

    /** Wakes every loop: an arrival or a failed one may have opened the gate for connections held anywhere. */
    void wakeAll() {
        driver.wakeAll();
    }

    /** Looks at the held connections again, on the loop's thread. Any thread. */
    void wake() {
        loop.execute(this::releaseHeld);
    }

    /**
     * Lets the held connections go when the gate opens. The loops carry any number of clients at once, so the gate
     * has one wave and opens for all of them together: asking for one is asking for all.
     */
    private void releaseHeld() {
        if (held.isEmpty() || !held.get(0).gatePasses()) {
            return;
        }
        List<NettyConnection> going = new ArrayList<>(held);
        held.clear();
        for (NettyConnection c : going) {
            try {
                c.proceed();
            } catch (RuntimeException | Error e) {
                c.failNow(Phase.START, e);
            }
        }
    }

    /** Every tick: times out the overdue, and lets the held go if the gate was released meanwhile (a stop). */
    private void expireOverdue() {
        releaseHeld();
        long now = System.nanoTime();
        List<NettyConnection> overdue = null;
        for (NettyConnection c : live) {
            if (c.overdue(now)) {
                if (overdue == null) {
                    overdue = new ArrayList<>();
                }
                overdue.add(c);
            }
        }
        if (overdue != null) {
            for (NettyConnection c : overdue) {
                try {
                    c.timedOut(now);
                } catch (RuntimeException | Error e) { // a bug: count it, and keep the tick (a periodic task that
                    c.failNow(Phase.START, e);          // throws is never run again)
                }
            }
        }
    }
}
