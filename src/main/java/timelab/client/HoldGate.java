package timelab.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * The {@code --hold} barrier: every client arrives once, after its connect succeeded or failed; a connected client
 * then waits, connection open, until its wave is complete.
 *
 * <p>Waves: a strategy that can carry any number of clients at once has one wave of all of them. A fixed pool of
 * {@code k} threads can only ever hold {@code k} connections — its waiting clients sit in the pool's queue, not on
 * connections — so clients are held in waves of {@code k} in arrival order, and the pool's cap is what the run
 * measures, without deadlocking. A client that could not even start (no thread) must still {@link #arrive} as failed.
 *
 * <p>When the first wave is complete, {@code firstWave} is called with the number of connections open at that moment
 * (the held-at-once figure), before that wave is released; a child JVM uses it to report to its parent and wait for
 * the parent's go, so that the hold spans every child. {@link #release()} lets everyone go at once (stop, Ctrl-C).
 */
final class HoldGate {

    private final long total;
    private final long wave;
    private final LongConsumer firstWave;
    private final java.util.function.LongSupplier openNow;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long arrived;
    private boolean firstWaveReleased;
    private boolean released;
    private long heldAtOnce = -1;

    /**
     * @param total clients that will arrive
     * @param cap the most clients the strategy carries at once
     * @param openNow connections open now (read when the first wave completes)
     * @param firstWave called once, on the thread of the first wave's last arrival, before the wave is released
     */
    HoldGate(long total, long cap, java.util.function.LongSupplier openNow, LongConsumer firstWave) {
        this.total = total;
        this.wave = Math.max(1, Math.min(cap, total));
        this.openNow = openNow;
        this.firstWave = firstWave;
    }

    /**
     * A client arrives. Returns at once for a client that failed to connect; a connected one returns when its wave is
     * complete (or the gate was released).
     */
    void arrive(boolean connected) {
        long index = arriveNoWait(connected);
        if (!connected) {
            return;
        }
        lock.lock();
        try {
            while (!opensFor(index)) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A client arrives without waiting (an event loop cannot block for one connection): returns its place in the
     * arrival order, for {@link #passes}. The arrival that completes the first wave still runs {@code firstWave} on
     * the calling thread.
     */
    long arriveNoWait(boolean connected) {
        long index;
        boolean completesFirstWave;
        lock.lock();
        try {
            index = arrived++;
            completesFirstWave = arrived == end(0);
            if (arrived == end(index / wave) || arrived >= total) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (completesFirstWave) {
            long open = openNow.getAsLong();
            firstWave.accept(open); // may block: a child waits for its parent's go here
            lock.lock();
            try {
                heldAtOnce = open;
                firstWaveReleased = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
        return index;
    }

    /** Whether the connected client that arrived {@code index}-th ({@link #arriveNoWait}) may go on now. */
    boolean passes(long index) {
        lock.lock();
        try {
            return opensFor(index);
        } finally {
            lock.unlock();
        }
    }

    private boolean opensFor(long index) {
        long myWave = index / wave;
        return released || (arrived >= end(myWave) && (myWave > 0 || firstWaveReleased));
    }

    /** Lets every waiting client go now. */
    void release() {
        lock.lock();
        try {
            released = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Connections open when the first wave completed, or -1 if it never did. */
    long heldAtOnce() {
        lock.lock();
        try {
            return heldAtOnce;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the first wave is complete (tests, and a parent waiting on its own gate), up to {@code millis}. */
    boolean awaitFirstWave(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (!firstWaveReleased) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private long end(long waveIndex) {
        return Math.min((waveIndex + 1) * wave, total);
    }
}
