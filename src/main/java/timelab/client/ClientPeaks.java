package timelab.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import timelab.measure.PeriodicSampler;
import timelab.measure.ProcessProbe;

/**
 * The client process's peak open descriptors and OS threads over a run, sampled every 100 ms by a
 * {@link PeriodicSampler} ({@code timelab-client-sampler}) and on demand (when a hold is complete, the moment of the
 * peak); optionally with an extra step every 500 ms (the {@code process} strategy's children). Reading {@code /proc}
 * costs microseconds per sample plus O(descriptors) for the descriptor listing: at 20,000 sockets well under 1% of a
 * core at this period.
 */
public final class ClientPeaks implements AutoCloseable {

    static final long PERIOD_MILLIS = 100;
    /** The extra step runs every this many samples (every 500 ms). */
    private static final int SLOW_EVERY = 5;

    private final ProcessProbe probe = ProcessProbe.self();
    private final AtomicLong peakFds = new AtomicLong(-1);
    private final AtomicLong peakOsThreads = new AtomicLong(-1);
    private final PeriodicSampler sampler;

    /** Starts sampling. {@code slowStep} (may be {@code null}) runs every fifth sample and at the close. */
    public ClientPeaks(Runnable slowStep) {
        Duration period = Duration.ofMillis(PERIOD_MILLIS);
        this.sampler = slowStep == null ? PeriodicSampler.start("timelab-client-sampler", period, this::sample)
                : PeriodicSampler.start("timelab-client-sampler", period, this::sample, SLOW_EVERY, slowStep);
    }

    /** Takes a sample now, e.g. at the moment a hold is complete (the known peak). Any thread. */
    void sampleNow() {
        sampler.sampleNow();
    }

    private void sample() {
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
        sampler.close();
    }
}
