package timelab.client;

import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * One engine's share of a plan: the whole plan in a plain run, a slice of it in a child JVM.
 *
 * @param plan the whole plan
 * @param strategy what carries the clients
 * @param observer told of every finished client
 * @param first the number of the first client (from 1)
 * @param count clients of this share (looping mode: concurrent looping clients)
 * @param rate this share's rate (open model), else 0
 * @param firstWave with hold: called once the first wave of clients is connected and held — for child JVMs, across
 *     every child — before it is released, with the number of connections held ({@link HoldGate})
 * @param intendedStartNanos open model in a one-client child: when that client was meant to start
 *     ({@link System#nanoTime()} of this JVM), else -1
 */
public record PlanShare(LoadPlan plan, ClientStrategy strategy, ClientObserver observer, int first, int count,
        double rate, LongConsumer firstWave, long intendedStartNanos) {

    public PlanShare {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(firstWave, "firstWave");
        if (first < 1 || count < 0) {
            throw new IllegalArgumentException("bad slice: first " + first + ", count " + count);
        }
    }

    /** This share carried by {@code other} (the strategy as it runs, e.g. on a fallback transport). */
    PlanShare with(ClientStrategy other) {
        return new PlanShare(plan, other, observer, first, count, rate, firstWave, intendedStartNanos);
    }

    /** All of {@code plan}. */
    static PlanShare whole(LoadPlan plan, ClientStrategy strategy, ClientObserver observer) {
        return new PlanShare(plan, strategy, observer, 1, plan.clients(), plan.rate(), open -> {}, -1);
    }
}
