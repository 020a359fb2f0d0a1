package timelab.client;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.netty.EventLoops;

/**
 * The {@code netty} strategy ({@link ClientStrategy.NettyLoops}): Netty's event loops ({@code timelab-netty-client-N})
 * on io_uring, epoll or nio, each carrying any number of clients' connections ({@link NettyLoop},
 * {@link NettyConnection}). A connection runs the same {@link ClientSession} as every other strategy's, so it goes
 * through the same steps and ends in the same {@link Outcome}s and failure kinds; only the I/O underneath differs.
 *
 * <p>The loops start with the driver (on the transport asked for, or the one {@link EventLoops#start} fell back to:
 * {@link #ran()}, {@link #fallback()}) and end at {@link #close()}, once every connection is done: no thread is left
 * behind. Clients are dealt to the loops in turn. {@link #connect} may be called from any thread; everything else
 * about a connection happens on its loop's thread.
 */
final class NettyDriver implements Loops {

    /** How long {@link #close()} waits for the loops' threads to end. */
    private static final long STOP_MILLIS = 10_000;

    private final EventLoops group;
    private final int count;
    private final List<NettyLoop> loops = new ArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();

    /** Starts {@code strategy}'s loops (on a fallback transport when its own cannot start here). */
    NettyDriver(ClientStrategy.NettyLoops strategy) {
        this.group = EventLoops.start(strategy.transport(), strategy.loops(), "client");
        this.count = strategy.loops();
        for (EventExecutor e : group.group()) {
            loops.add(new NettyLoop((EventLoop) e, group.socketChannel(), this));
        }
    }

    /** The strategy as it runs: on the transport that started. */
    ClientStrategy.NettyLoops ran() {
        return new ClientStrategy.NettyLoops(count, group.transport());
    }

    @Override
    public String fallback() {
        return group.fallback();
    }

    @Override
    public void connect(ConnectionPlan plan, int client, long intendedStartNanos, HoldGate gate,
            Consumer<ConnectionResult> then) {
        NettyLoop loop = loops.get(Math.floorMod(turn.getAndIncrement(), loops.size()));
        loop.submit(new NettyConnection(loop, plan, plan.session(client, intendedStartNanos), gate, then));
    }

    /** Stops the loops and waits for their threads to end; every connection has finished by then. */
    @Override
    public void close() {
        group.stop(STOP_MILLIS);
    }

    /** Wakes every loop to look at its held connections again: the gate may have opened. */
    void wakeAll() {
        for (NettyLoop loop : loops) {
            loop.wake();
        }
    }
}
