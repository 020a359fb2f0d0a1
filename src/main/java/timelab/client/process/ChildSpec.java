package timelab.client.process;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.util.StdConverter;
import java.util.Objects;
import timelab.client.ClientStrategy;
import timelab.client.LoadPlan;

/**
 * The spec of a child JVM ({@link ChildMain}): its share of the plan, sent as the first line of its standard input
 * (JSON, {@link timelab.fork.Messages#writeSpec}) — never on its command line. What the parent builds is exactly what
 * the child checks: the compact constructor runs on both sides.
 *
 * @param plan the whole plan; a looping child gets the time left as its duration
 * @param strategy what carries the child's clients (never {@code process}); its label in JSON
 * @param first the number of the child's first client
 * @param count how many clients it runs
 * @param rate its share of the plan's rate (open model), else 0
 * @param intendedStartEpochNanos a one-client child in the open model: when the parent meant it to start (epoch
 *     nanoseconds, the same clock in every process), else -1
 * @param reportConnections stream one message per finished connection back (the parent has an observer)
 */
record ChildSpec(LoadPlan plan,
        @JsonSerialize(converter = Label.class) @JsonDeserialize(converter = Parse.class) ClientStrategy strategy,
        int first, int count, double rate, long intendedStartEpochNanos, boolean reportConnections) {

    ChildSpec {
        Objects.requireNonNull(plan, "a child needs a plan");
        Objects.requireNonNull(strategy, "a child needs a strategy");
        if (strategy instanceof ClientStrategy.ChildProcesses) {
            throw new IllegalArgumentException("a child JVM cannot run the process strategy itself");
        }
        if (first < 1 || count < 1) {
            throw new IllegalArgumentException("first and count must be ≥ 1");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be ≥ 0");
        }
    }

    /** Now, in epoch nanoseconds: the clock {@code intendedStartEpochNanos} is on, the same in every process. */
    static long epochNanosNow() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** A strategy as its label in JSON. */
    static final class Label extends StdConverter<ClientStrategy, String> {
        @Override
        public String convert(ClientStrategy s) {
            return s.label();
        }
    }

    /** A strategy from its label in JSON. */
    static final class Parse extends StdConverter<String, ClientStrategy> {
        @Override
        public ClientStrategy convert(String label) {
            return ClientStrategy.parse(label, 1);
        }
    }
}
