package timelab.client.process;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import timelab.client.LoadPlan;
import timelab.measure.ProcessProbe;

/**
 * Admission control for the child JVMs of one run, so that running out of memory, pids or CPU is survived, counted
 * and explained instead of taking the machine down.
 *
 * <ul>
 *   <li>At most {@code maxStarting} children start (spawned, not up yet) at once: JVM start-ups on a few cores
 *       otherwise thrash — measured here, 100 concurrent start-ups took 34 s each instead of 0.24 s. Children that
 *       are up, running or held, do not count, so a hold never waits on this.
 *   <li>Before each spawn, {@link Admission} checks {@code MemAvailable} against the floor and the machine's thread
 *       count against {@code pid_max}, charging each child still starting the estimate (the largest child seen so
 *       far, else {@link Admission#INITIAL_CHILD_BYTES}).
 *   <li>A refused spawn waits (up to 30 s, counted as delayed) while waiting can help: a child is still starting
 *       (it may turn out smaller than charged) or, without a hold, a running child will end and free its memory.
 *       Otherwise it is refused at once, with the reason.
 * </ul>
 * The dispatcher thread asks; the children's reader threads report ({@link #up}, {@link #ended}).
 */
final class ChildAdmission {

    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final LoadPlan.Spawning spawning;
    private final boolean hold;
    private final long floorBytes;
    private final LongSupplier live;
    private final BooleanSupplier stopped;
    private final AtomicLong starting = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();
    private final AtomicLong maxChildRss = new AtomicLong();
    private final AtomicLong maxChildThreads = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /**
     * @param live children alive now
     * @param stopped whether the run was stopped (waiting ends then)
     */
    ChildAdmission(LoadPlan plan, LongSupplier live, BooleanSupplier stopped) {
        this.spawning = plan.spawning();
        this.hold = plan.hold();
        long total = ProcessProbe.memTotalBytes();
        this.floorBytes = spawning.minMemAvailableBytes() > 0 ? spawning.minMemAvailableBytes()
                : Math.max(0, total / 4);
        this.live = live;
        this.stopped = stopped;
    }

    /** Waits while {@code maxStarting} children are starting; false when the run was stopped meanwhile. */
    boolean awaitStartingBelowCap() {
        int cap = spawning.maxStarting();
        if (cap > 0) {
            lock.lock();
            try {
                while (starting.get() >= cap && !stopped.getAsBoolean()) {
                    changed.await(50, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                lock.unlock();
            }
        }
        return !stopped.getAsBoolean();
    }

    /** {@code null} when one more child may start now, else why not (after waiting, when waiting can help). */
    String admit() {
        String why = refusal();
        if (why == null || !waitingCanHelp()) {
            return why;
        }
        delayed.incrementAndGet();
        long until = System.nanoTime() + WAIT_NANOS;
        while (why != null && waitingCanHelp() && System.nanoTime() - until < 0 && !stopped.getAsBoolean()) {
            lock.lock();
            try {
                changed.await(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return why;
            } finally {
                lock.unlock();
            }
            why = refusal();
        }
        return why;
    }

    private boolean waitingCanHelp() {
        return starting.get() > 0 || (!hold && live.getAsLong() > 0);
    }

    private String refusal() {
        long childBytes = maxChildRss.get() > 0 ? maxChildRss.get() : Admission.INITIAL_CHILD_BYTES;
        long threads = Math.max(Admission.INITIAL_THREADS_PER_CHILD, maxChildThreads.get());
        return new Admission(floorBytes, childBytes, threads).refusal(ProcessProbe.memAvailableBytes(),
                starting.get(), ProcessProbe.machineThreads(), ProcessProbe.pidMax());
    }

    /** A child was spawned: it is starting. */
    void spawned() {
        starting.incrementAndGet();
    }

    /** A child is up (said {@code ready}). */
    void up() {
        starting.decrementAndGet();
        signal();
    }

    /** A child ended; {@code wasUp}: whether it had said {@code ready}. */
    void ended(boolean wasUp) {
        if (!wasUp) {
            starting.decrementAndGet();
        }
        signal();
    }

    /** A child's resident memory and threads, as sampled or reported: the estimate for the next ones. */
    void observed(long rssBytes, long osThreads) {
        maxChildRss.accumulateAndGet(rssBytes, Math::max);
        maxChildThreads.accumulateAndGet(osThreads, Math::max);
    }

    /** Wakes a waiting dispatcher (the run was stopped). */
    void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long delayed() {
        return delayed.get();
    }
}
