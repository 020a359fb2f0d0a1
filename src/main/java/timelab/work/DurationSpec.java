package timelab.work;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One duration in a work spec: a whole number and {@code us}, {@code ms} or {@code s}; read and written back. */
final class DurationSpec {

    private static final Pattern PATTERN = Pattern.compile("(\\d{1,9})(us|ms|s)");

    private DurationSpec() {}

    /**
     * {@code text} (lower case) as a duration.
     *
     * @param spec the whole spec, for the message
     * @throws IllegalArgumentException naming what is accepted
     */
    static Duration parse(String text, String spec) {
        Matcher m = PATTERN.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + spec + "': '" + text + "' is not a duration (a whole number and"
                    + " us, ms or s: 50ms, 20ms..80ms, exp:20ms)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "us" -> Duration.ofNanos(n * 1_000);
            case "ms" -> Duration.ofMillis(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** {@code d} in the largest of s, ms, us that writes it whole. */
    static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return nanos / 1_000L + "us";
    }
}
