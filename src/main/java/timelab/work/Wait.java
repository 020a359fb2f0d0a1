package timelab.work;

import java.time.Duration;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How long one piece of work lasts: a fixed duration ({@code 50ms}), uniform in a range ({@code 20ms..80ms}) or
 * exponential with a mean ({@code exp:20ms}, what queueing theory's M/M/c assumes). Units: {@code us}, {@code ms},
 * {@code s}.
 */
public sealed interface Wait {

    /** The longest wait a spec may ask for. */
    Duration MAX = Duration.ofMinutes(10);

    /** One draw, in nanoseconds. */
    long sampleNanos(RandomGenerator random);

    /** The mean of the draws: what a prediction uses. */
    Duration mean();

    /** The spec as written back ({@code 50ms}, {@code 20ms..80ms}, {@code exp:20ms}): {@link #parse} reads it. */
    String label();

    /** Always {@code d}. */
    record Fixed(Duration d) implements Wait {
        public Fixed {
            check(d);
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return d.toNanos();
        }

        @Override
        public Duration mean() {
            return d;
        }

        @Override
        public String label() {
            return DurationSpec.format(d);
        }
    }

    /** Uniform in {@code [min, max]}. */
    record Uniform(Duration min, Duration max) implements Wait {
        public Uniform {
            check(min);
            check(max);
            if (max.compareTo(min) <= 0) {
                throw new IllegalArgumentException("a range's end must be above its start: "
                        + DurationSpec.format(min) + ".." + DurationSpec.format(max));
            }
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return random.nextLong(min.toNanos(), max.toNanos() + 1);
        }

        @Override
        public Duration mean() {
            return min.plus(max).dividedBy(2);
        }

        @Override
        public String label() {
            return DurationSpec.format(min) + ".." + DurationSpec.format(max);
        }
    }

    /** Exponential with mean {@code mean}, cut at {@link #MAX}. */
    record Exponential(Duration mean) implements Wait {
        public Exponential {
            check(mean);
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            double draw = random.nextExponential() * mean.toNanos();
            return (long) Math.min(draw, MAX.toNanos());
        }

        @Override
        public String label() {
            return "exp:" + DurationSpec.format(mean);
        }
    }

    /**
     * Reads {@code 50ms}, {@code 20ms..80ms} or {@code exp:20ms}.
     *
     * @throws IllegalArgumentException saying what is wrong and what is accepted
     */
    static Wait parse(String spec) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("exp:")) {
            return new Exponential(DurationSpec.parse(s.substring(4), spec));
        }
        int dots = s.indexOf("..");
        if (dots >= 0) {
            return new Uniform(DurationSpec.parse(s.substring(0, dots), spec),
                    DurationSpec.parse(s.substring(dots + 2), spec));
        }
        return new Fixed(DurationSpec.parse(s, spec));
    }

    private static void check(Duration d) {
        if (d.isNegative() || d.isZero() || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("a work's duration must be above 0 and at most 10 minutes, was "
                    + DurationSpec.format(d));
        }
    }
}
