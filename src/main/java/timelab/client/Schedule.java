package timelab.client;

import java.time.Duration;

/**
 * When each client is meant to start, as an offset from the run's start: pure arithmetic, so that pacing is
 * testable without a clock.
 *
 * <ul>
 *   <li>Closed model, no ramp: every client at once (offset 0) — as fast as the strategy takes them.
 *   <li>Closed model with a ramp: client {@code i} (0-based) of {@code n} at {@code i·ramp/n}.
 *   <li>Open model ({@code rate} R per second), no ramp: client {@code i} at {@code i/R}.
 *   <li>Open model with a ramp D: the rate grows linearly from 0 to R over D, so {@code R·t²/(2D)} clients have
 *       started by {@code t ≤ D}; client {@code i} starts at {@code √(2·D·i/R)}, and after the ramp at
 *       {@code D + (i − R·D/2)/R}.
 * </ul>
 */
public record Schedule(double rate, Duration ramp, int clients) {

    /** The schedule of {@code plan}, for a slice of {@code clients} clients running at {@code rate}. */
    public static Schedule of(LoadPlan plan, int clients, double rate) {
        return new Schedule(rate, plan.ramp(), clients);
    }

    /** Nanoseconds after the run's start at which client {@code i} (0-based) should start. */
    public long offsetNanos(long i) {
        double rampSeconds = ramp.toNanos() / 1e9;
        double seconds;
        if (rate <= 0) {
            seconds = rampSeconds == 0 || clients <= 0 ? 0 : i * rampSeconds / clients;
        } else if (rampSeconds == 0) {
            seconds = i / rate;
        } else {
            double duringRamp = rate * rampSeconds / 2;
            seconds = i < duringRamp ? Math.sqrt(2 * rampSeconds * i / rate) : rampSeconds + (i - duringRamp) / rate;
        }
        return (long) (seconds * 1e9);
    }

    /** Whether clients are paced at all (else they all start at once). */
    public boolean paced() {
        return rate > 0 || !ramp.isZero();
    }
}
