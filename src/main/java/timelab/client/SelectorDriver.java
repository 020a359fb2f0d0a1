package timelab.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import timelab.client.ClientObserver.ConnectionResult;

/**
 * The {@code nio} strategy ({@link ClientStrategy.EventLoops}): a few platform threads, {@code timelab-client-nio-N},
 * each a selector ({@link SelectorLoop}) carrying any number of clients' connections without blocking, the way
 * redis-benchmark, wrk and tcpkali carry theirs.
 *
 * <p>A connection ({@link SelectorConnection}) runs the same {@link ClientSession} as {@link BlockingDriver}'s, so
 * it goes through the same steps and ends in the same {@link Outcome}s and failure kinds; a timeout is the same
 * {@code SocketTimeoutException} message. Only what carries it differs: a connection costs a socket and a small
 * object instead of a thread, and a round trip one {@code write}, one {@code read} and a share of one
 * {@code epoll_wait}.
 *
 * <p>This class is the scheduling: clients are dealt to the loops in turn, and a loop that lets held connections go
 * wakes the others ({@link #wakeAll}). A loop's thread starts with its first connection (so a run that never starts
 * leaves no thread) and ends at {@link #close()}, once its connections are done. {@link #connect} may be called from
 * any thread; everything else about a connection happens on its loop's thread.
 */
final class SelectorDriver implements Loops {

    private final List<SelectorLoop> loops = new ArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();

    SelectorDriver(int count) {
        for (int i = 1; i <= count; i++) {
            loops.add(new SelectorLoop(i, this));
        }
    }

    @Override
    public void connect(ConnectionPlan plan, int client, long intendedStartNanos, HoldGate gate,
            Consumer<ConnectionResult> then) {
        SelectorLoop loop = loops.get(Math.floorMod(turn.getAndIncrement(), loops.size()));
        loop.submit(new SelectorConnection(loop, plan, plan.session(client, intendedStartNanos), gate, then));
    }

    /** Ends the loops' threads; every connection has finished by then. */
    @Override
    public void close() {
        for (SelectorLoop loop : loops) {
            loop.close();
        }
    }

    /** Wakes every loop to look at its held connections again: the gate may have opened. */
    void wakeAll() {
        for (SelectorLoop loop : loops) {
            loop.wake();
        }
    }
}
