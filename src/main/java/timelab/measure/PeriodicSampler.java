package timelab.measure;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Takes samples periodically while something runs, on one named platform daemon thread: once at {@link #start}
 * (on the caller's thread), then every period, on demand ({@link #sampleNow}), and a last time at {@link #close}.
 * Optionally a slower second step runs every {@code n}-th periodic sample and once more at the close. What is
 * sampled and what is kept of it (peaks, minima) is the caller's; the client keeps its process's peaks
 * ({@code client.ClientPeaks}), an experiment the machine's and the server's extremes ({@code experiment.Extremes}).
 *
 * <p>Samples never overlap: each runs under one lock, whichever thread takes it, so a sample step needs no
 * synchronisation of its own against the others. {@link #sampleNow} and {@link #close} may be called from any
 * thread.
 */
public final class PeriodicSampler implements AutoCloseable {

    /** How long {@link #close} waits for a sample in progress before taking its own. */
    private static final long JOIN_MILLIS = 5_000;

    private final long periodMillis;
    private final Runnable sample;
    private final int slowEvery;
    private final Runnable slowSample;
    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private boolean closed;

    private PeriodicSampler(String threadName, Duration period, Runnable sample, int slowEvery,
            Runnable slowSample) {
        if (period.isNegative() || period.isZero() || slowEvery < 1) {
            throw new IllegalArgumentException("a period above 0 and a slow step every n >= 1 samples, not "
                    + period + " and " + slowEvery);
        }
        this.periodMillis = period.toMillis();
        this.sample = Objects.requireNonNull(sample, "sample");
        this.slowEvery = slowEvery;
        this.slowSample = slowSample;
        sampleNow();
        this.thread = Thread.ofPlatform().name(threadName).daemon().start(this::loop);
    }

    /** Samples now, then every {@code period} on a thread named {@code threadName}, until {@link #close}. */
    public static PeriodicSampler start(String threadName, Duration period, Runnable sample) {
        return new PeriodicSampler(threadName, period, sample, 1, null);
    }

    /**
     * As {@link #start(String, Duration, Runnable)}, and runs {@code slowSample} after every {@code slowEvery}-th
     * periodic sample and after the last one at {@link #close}.
     */
    public static PeriodicSampler start(String threadName, Duration period, Runnable sample, int slowEvery,
            Runnable slowSample) {
        return new PeriodicSampler(threadName, period, sample, slowEvery, Objects.requireNonNull(slowSample));
    }

    /** Takes a sample now (e.g. at a moment known to be a peak). Any thread. */
    public void sampleNow() {
        locked(sample);
    }

    /** Stops the thread, then takes a last sample (and the slow step's). Later calls do nothing. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        stop.countDown();
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampleNow();
        if (slowSample != null) {
            locked(slowSample);
        }
    }

    private void loop() {
        long n = 0;
        try {
            while (!stop.await(periodMillis, TimeUnit.MILLISECONDS)) {
                sampleNow();
                if (slowSample != null && ++n % slowEvery == 0) {
                    locked(slowSample);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void locked(Runnable step) {
        lock.lock();
        try {
            step.run();
        } finally {
            lock.unlock();
        }
    }
}
