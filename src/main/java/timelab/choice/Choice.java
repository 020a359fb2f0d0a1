package timelab.choice;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * A choice as written on a command line, {@code name[:arg]}: the one parser behind {@code ServerModel.parse} and
 * {@code ClientStrategy.parse}. Only splits; each closed set decides which names exist and which take an argument,
 * and words its own messages.
 *
 * @param spec what was written, as written (for messages)
 * @param name the part before the first {@code ':'}, stripped and lower-cased
 * @param arg the part after it, lower-cased, or {@code null} when there is no {@code ':'}
 */
public record Choice(String spec, String name, String arg) {

    /** Splits {@code spec} at its first {@code ':'}. */
    public static Choice parse(String spec) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        return colon < 0 ? new Choice(spec, s, null) : new Choice(spec, s.substring(0, colon), s.substring(colon + 1));
    }

    /** Whether an argument was given. */
    public boolean hasArg() {
        return arg != null;
    }

    /**
     * The argument as a whole number ≥ 1, or {@code orElse} when there is none.
     *
     * @throws IllegalArgumentException with {@code message} when the argument is not a whole number ≥ 1
     */
    public int positiveArg(int orElse, Supplier<String> message) {
        return arg == null ? orElse : Checks.positive(arg, message);
    }
}
