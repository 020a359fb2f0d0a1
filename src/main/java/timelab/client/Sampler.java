package timelab.client;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import timelab.measure.ProcessProbe;

/**
 * Samples the client process's open descriptors and OS threads every 100 ms (and on demand: when a hold is complete,
 * the moment of the peak) on one platform thread
 * ({@code timelab-client-sampler}), keeping the peaks; optionally runs an extra sampling step every 500 ms (the
 * {@code process} strategy's children). Reading {@code /proc} costs microseconds per sample plus O(descriptors) for
 * the descriptor listing: at 20,000 sockets well under 1% of a core at this period.
 */
public final class Sampler implements AutoCloseable {

    static final long PERIOD_MILLIS = 100;

    private final ProcessProbe probe = ProcessProbe.self();
    private final AtomicLong peakFds = new AtomicLong(-1);
    private final AtomicLong peakOsThreads = new AtomicLong(-1);
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Runnable slowStep;
    private final Thread thread;

    /** Starts sampling. {@code slowStep} (may be {@code null}) runs every fifth sample. */
    public Sampler(Runnable slowStep) {
        this.slowStep = slowStep;
        sampleOnce();
        this.thread = Thread.ofPlatform().name("timelab-client-sampler").daemon().start(this::loop);
    }

    private void loop() {
        long n = 0;
        try {
            while (!stop.await(PERIOD_MILLIS, TimeUnit.MILLISECONDS)) {
                sampleOnce();
                if (slowStep != null && ++n % 5 == 0) {
                    slowStep.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes a sample now, e.g. at the moment a hold is complete (the known peak). Any thread. */
    void sampleNow() {
        sampleOnce();
    }

    private void sampleOnce() {
        peakFds.accumulateAndGet(probe.openFds(), Math::max);
        peakOsThreads.accumulateAndGet(probe.osThreads(), Math::max);
    }

    public long peakFds() {
        return peakFds.get();
    }

    public long peakOsThreads() {
        return peakOsThreads.get();
    }

    /** Takes a last sample and stops the thread. */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampleOnce();
        if (slowStep != null) {
            slowStep.run();
        }
    }
}
