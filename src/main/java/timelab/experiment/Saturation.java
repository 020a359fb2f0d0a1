package timelab.experiment;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;

/**
 * Where a sweep saturated, and by which rule: pure arithmetic over its steps, so it is tested without a process.
 *
 * <p>Going through the steps in order, the first step where a rule fires ends the search; the <em>knee</em> is the
 * step before it, the last one still below saturation; the saturation throughput is the most of the two.
 * <ul>
 *   <li>{@link Rule#THROUGHPUT_FLAT}: throughput grew by less than 10% per doubling of the load (compared with the
 *       step before; a load that grows k-fold must bring 10% × log2(k));
 *   <li>{@link Rule#P99_ROSE}: p99 rose above twice the first step's p99 (taken as at least 1 ms, so that
 *       sub-millisecond noise is not a rise);
 *   <li>{@link Rule#NONE}: neither fired within the sweep.
 * </ul>
 * When both fire at the same step, the throughput rule is named. A rule that fires must hold at the next step too
 * (against the same knee), when there is one: one noisy step on a busy machine — a p99 spike, a dip — is not
 * saturation.
 *
 * @param rule which rule fired
 * @param knee the index of the last step before saturation, -1 with {@link Rule#NONE}
 * @param fired the index of the step where the rule fired, -1 with {@link Rule#NONE}
 * @param load the knee's load (clients or offered rate), 0 with {@link Rule#NONE}
 * @param throughput the saturation throughput (requests per second), 0 with {@link Rule#NONE}
 */
public record Saturation(Rule rule, int knee, int fired, double load, double throughput) {

    /** The growth per doubling of the load below which throughput has stopped growing. */
    static final double GROWTH = 0.10;
    /** How far p99 may rise over the first step's before it has left its low-load level. */
    static final double P99_FACTOR = 2;
    /** The first step's p99 is taken as at least this, in milliseconds. */
    static final double P99_FLOOR_MS = 1;

    public Saturation {
        Objects.requireNonNull(rule, "rule");
        if ((rule == Rule.NONE) != (fired < 0) || fired >= 0 && knee != fired - 1) {
            throw new IllegalArgumentException("the knee is the step before the one a rule fired at");
        }
    }

    /** The rules, closed. */
    public enum Rule {
        /** Throughput stopped growing with the load. */
        THROUGHPUT_FLAT("throughput stopped growing"),
        /** p99 left its low-load level. */
        P99_ROSE("p99 left its low-load level"),
        /** Neither, within the sweep. */
        NONE("none within the sweep");

        private final String words;

        Rule(String words) {
            this.words = words;
        }

        /** The rule in words, as the report says it. */
        @JsonValue
        public String words() {
            return words;
        }
    }

    /**
     * One step of a sweep.
     *
     * @param load clients (closed model) or offered requests per second (open model), growing step by step
     * @param throughput answered requests per second
     * @param p99Ms the 99th percentile latency, -1 when nothing was measured
     */
    public record Point(double load, double throughput, double p99Ms) {
        public Point {
            if (!(load > 0) || throughput < 0) {
                throw new IllegalArgumentException("a step needs a load > 0 and a throughput ≥ 0");
            }
        }
    }

    /** Whether the sweep saturated. */
    public boolean saturated() {
        return rule != Rule.NONE;
    }

    /** The rule {@code now} breaks against the {@code knee} before it, {@link Rule#NONE} for neither. */
    private static Rule rule(Point knee, Point now, double baseP99) {
        double doublings = Math.log(now.load() / knee.load()) / Math.log(2);
        if (now.throughput() < knee.throughput() * (1 + GROWTH * Math.max(doublings, 0))) {
            return Rule.THROUGHPUT_FLAT;
        }
        return now.p99Ms() > P99_FACTOR * baseP99 ? Rule.P99_ROSE : Rule.NONE;
    }

    /** Where {@code steps} (in the order they ran) saturated. */
    public static Saturation of(List<Point> steps) {
        if (steps.isEmpty()) {
            return new Saturation(Rule.NONE, -1, -1, 0, 0);
        }
        double base = Math.max(P99_FLOOR_MS, steps.get(0).p99Ms());
        for (int i = 1; i < steps.size(); i++) {
            Point knee = steps.get(i - 1);
            Rule rule = rule(knee, steps.get(i), base);
            if (rule != Rule.NONE && (i + 1 == steps.size() || rule(knee, steps.get(i + 1), base) != Rule.NONE)) {
                return new Saturation(rule, i - 1, i, knee.load(), Math.max(knee.throughput(),
                        steps.get(i).throughput()));
            }
        }
        return new Saturation(Rule.NONE, -1, -1, 0, 0);
    }
}
