package timelab.choice;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The validation the option records share ({@code ServerOptions}, {@code LoadPlan}) and the whole-number check of
 * {@link Choice#positiveArg}. Every method throws {@link IllegalArgumentException} with the message a user sees.
 */
public final class Checks {

    private Checks() {}

    /**
     * {@code text} as a whole number ≥ 1.
     *
     * @throws IllegalArgumentException with {@code message} otherwise
     */
    public static int positive(String text, Supplier<String> message) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(message.get());
    }

    /** {@code value} within {@code [min, max]}: "{@code name} must be in [min, max], was value". */
    public static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
        }
    }

    /** {@code d} present and above zero: "{@code name} must be positive, was d". */
    public static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /** {@code d} present and not below zero: "{@code name} must not be negative, was d". */
    public static void notNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }
}
