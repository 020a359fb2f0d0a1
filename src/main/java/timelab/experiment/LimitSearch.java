package timelab.experiment;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Finds the largest number of concurrent clients that a probe sustains with zero failures: ramps through
 * {@link #RAMP} (100, 200, 500, 1k, 2k, 5k, 10k, 20k, …) until a step fails, then bisects between the last good and
 * the first bad step until they are within 1% (or 1 client) of each other.
 *
 * <p>Pure: the probe runs the steps, the clock bounds the search. Each step is run once; a step that takes the search
 * past {@code maxDuration} is the last one, and the result says the search was cut short.
 */
public final class LimitSearch {

    /** The ramp's steps; past the last one the ramp goes on doubling up to the ceiling. */
    public static final List<Integer> RAMP = List.of(100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000,
            100_000);

    /** Runs one step: {@code clients} concurrent clients, held at once. */
    @FunctionalInterface
    public interface Probe {
        Step run(int clients);
    }

    /**
     * One step's outcome.
     *
     * @param clients how many clients the step ran
     * @param failures how many of them failed (0 = the step is good)
     * @param detail what the step saw, for the report (e.g. failures by kind)
     */
    public record Step(int clients, long failures, String detail) {
        public Step {
            Objects.requireNonNull(detail, "detail");
        }

        public boolean good() {
            return failures == 0;
        }
    }

    /** Why the search stopped. */
    public enum Stop {
        /** Bisection narrowed the limit to within 1%. */
        CONVERGED,
        /** Every step up to the ceiling was good: the limit is at least the ceiling. */
        CEILING,
        /** {@code maxDuration} ran out before the search converged. */
        TIME;

        /** The name in reports and report.json ({@code converged}, {@code ceiling}, {@code time}). */
        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param maximum the largest step that had no failure (0 when even the smallest failed)
     * @param firstBad the smallest failing step seen, or {@code null} when none failed
     * @param steps every step in the order it ran
     * @param stop why the search stopped
     */
    public record Result(int maximum, Step firstBad, List<Step> steps, Stop stop) {
        public Result {
            steps = List.copyOf(steps);
        }
    }

    private LimitSearch() {}

    /**
     * @param ceiling the most clients ever tried
     * @param maxDuration the time budget; a started step always finishes
     */
    public static Result search(Probe probe, int ceiling, Duration maxDuration, InstantSource clock) {
        if (ceiling < 1) {
            throw new IllegalArgumentException("ceiling must be at least 1, was " + ceiling);
        }
        Instant deadline = clock.instant().plus(maxDuration);
        List<Step> steps = new ArrayList<>();
        int good = 0;
        Step bad = null;
        for (int clients : ramp(ceiling)) {
            Step step = probe.run(clients);
            steps.add(step);
            if (!step.good()) {
                bad = step;
                break;
            }
            good = clients;
            if (!clock.instant().isBefore(deadline)) {
                return new Result(good, null, steps, clients == ceiling ? Stop.CEILING : Stop.TIME);
            }
        }
        if (bad == null) {
            return new Result(good, null, steps, Stop.CEILING);
        }
        int hi = bad.clients();
        while (hi - good > Math.max(1, good / 100)) {
            if (!clock.instant().isBefore(deadline)) {
                return new Result(good, bad, steps, Stop.TIME);
            }
            int mid = good + (hi - good) / 2;
            Step step = probe.run(mid);
            steps.add(step);
            if (step.good()) {
                good = mid;
            } else {
                hi = mid;
                bad = step;
            }
        }
        return new Result(good, bad, steps, Stop.CONVERGED);
    }

    /** The ramp up to {@code ceiling}: {@link #RAMP}, then doubling, the ceiling itself last. */
    static List<Integer> ramp(int ceiling) {
        List<Integer> steps = new ArrayList<>();
        for (int s : RAMP) {
            if (s >= ceiling) {
                break;
            }
            steps.add(s);
        }
        int last = RAMP.get(RAMP.size() - 1);
        if (last < ceiling) {
            for (long s = (long) last * 2; s < ceiling; s *= 2) {
                steps.add((int) s);
            }
        }
        steps.add(ceiling);
        return steps;
    }
}
