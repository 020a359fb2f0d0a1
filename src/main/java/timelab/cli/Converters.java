package timelab.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import timelab.client.LoadPlan;

/** picocli converters for the value types the commands share. */
final class Converters {

    private Converters() {}

    /** {@code 250ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 0}, or ISO-8601 ({@code PT10S}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)?");

        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            Matcher m = SIMPLE.matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? (n == 0 ? "s" : "") : m.group(2);
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> throw new TypeConversionException(
                            "'" + value + "' needs a unit: ms, s, m or h (e.g. 10s)");
                };
            }
            try {
                return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (e.g. 250ms, 10s, 2m, 1h, 0)");
            }
        }
    }

    /** {@code I/N} with I from 0 ({@code --segment 0/3}), exactly a Kubernetes Job's completion index. */
    static final class SegmentConverter implements ITypeConverter<LoadPlan.Segment> {
        @Override
        public LoadPlan.Segment convert(String value) {
            try {
                return LoadPlan.Segment.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * An ISO-8601 instant ({@code 2026-12-07T05:00:00Z}, or with an offset: {@code 2026-12-07T12:00:00+07:00}), or
     * {@code +D}, a duration from now ({@code +30s}, for hand use).
     */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            String v = value.strip();
            if (v.startsWith("+")) {
                return Instant.now().plus(new DurationConverter().convert(v.substring(1)));
            }
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is neither an ISO-8601 instant "
                        + "(e.g. 2026-12-07T05:00:00Z) nor +D, a duration from now (e.g. +30s)");
            }
        }
    }

    static final class ZoneConverter implements ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            try {
                return ZoneId.of(value);
            } catch (RuntimeException e) {
                throw new TypeConversionException("'" + value
                        + "' is not a time zone (e.g. UTC, Asia/Jakarta, +07:00)");
            }
        }
    }
}
