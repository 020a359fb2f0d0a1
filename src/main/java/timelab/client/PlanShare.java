package timelab.client;

import java.time.Instant;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * One engine's share of a plan: the plan's segment (all of the plan without {@code --segment}) in a plain run, a
 * slice of it in a child JVM.
 *
 * <p>The share's clients are counted by their ordinal in the plan's segment (from 1, {@code first}); the ordinal
 * becomes the client's number in the whole plan through {@link LoadPlan.Segment#client}, the same striping on every
 * host. A share that is its whole segment starts each client at the offset the whole plan gives that client number
 * (so N segments together start exactly the whole plan's clients at the whole plan's times); a slice of a segment
 * (a child JVM of {@code process:K/S}) runs its own schedule at its share of the rate.
 *
 * @param plan the whole plan (with its segment)
 * @param strategy what carries the clients
 * @param observer told of every finished client
 * @param first the ordinal of the first client in the plan's segment (from 1; the client's number without a segment)
 * @param count clients of this share (looping mode: concurrent looping clients)
 * @param rate this share's rate (open model), else 0
 * @param firstWave with hold: called once the first wave of clients is connected and held — for child JVMs, across
 *     every child — before it is released, with the number of connections held ({@link HoldGate})
 * @param intendedStartNanos open model in a one-client child: when that client was meant to start
 *     ({@link System#nanoTime()} of this JVM), else -1
 * @param startAt when the run's clock starts ({@code --start-at}): the engine waits for it once everything is
 *     ready, or {@code null} to start at once
 */
public record PlanShare(LoadPlan plan, ClientStrategy strategy, ClientObserver observer, int first, int count,
        double rate, LongConsumer firstWave, long intendedStartNanos, Instant startAt) {

    public PlanShare {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(firstWave, "firstWave");
        if (first < 1 || count < 0) {
            throw new IllegalArgumentException("bad slice: first " + first + ", count " + count);
        }
    }

    /** A share that starts at once. */
    public PlanShare(LoadPlan plan, ClientStrategy strategy, ClientObserver observer, int first, int count,
            double rate, LongConsumer firstWave, long intendedStartNanos) {
        this(plan, strategy, observer, first, count, rate, firstWave, intendedStartNanos, null);
    }

    /** This share carried by {@code other} (the strategy as it runs, e.g. on a fallback transport). */
    PlanShare with(ClientStrategy other) {
        return new PlanShare(plan, other, observer, first, count, rate, firstWave, intendedStartNanos, startAt);
    }

    /** All of {@code plan}'s segment, its clock started at {@code startAt} ({@code null}: at once). */
    static PlanShare whole(LoadPlan plan, ClientStrategy strategy, ClientObserver observer, Instant startAt) {
        return new PlanShare(plan, strategy, observer, 1, plan.segmentClients(), plan.rate(), open -> {}, -1,
                startAt);
    }

    /** The number, in the whole plan, of this share's client {@code i} (from 0). */
    public int client(long i) {
        return plan.segment().client(first - 1 + i);
    }

    /** Whether this share is all of its segment: it then starts its clients on the whole plan's schedule. */
    private boolean wholeSegment() {
        return first == 1 && count == plan.segmentClients();
    }

    /** When this share's client {@code i} (from 0) is meant to start, in nanoseconds after the run's start. */
    public long offsetNanos(long i) {
        return wholeSegment() ? new Schedule(plan.rate(), plan.ramp(), plan.clients()).offsetNanos(client(i) - 1L)
                : Schedule.of(plan, count, rate).offsetNanos(i);
    }

    /** Whether clients are paced at all (else they all start at once). */
    public boolean paced() {
        return (wholeSegment() ? plan.rate() : rate) > 0 || !plan.ramp().isZero();
    }
}
