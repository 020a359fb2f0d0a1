package timelab.measure;

import java.time.Instant;
import java.util.List;

/**
 * One side of one recording over time, for the charts: connections, platform threads and virtual threads, each a
 * step function sorted by time (a value holds until the next point), read from the recording's events where it has
 * them and from its periodic samples otherwise ({@code EventTimelines} says which).
 *
 * @param name what the chart calls it, e.g. {@code server · virtual — server-virtual-20250101-120000.jfr}
 * @param source where the series come from, in words (events, or samples and what that misses)
 */
public record Timeline(String name, List<Point> connections, List<Point> platformThreads,
        List<Point> virtualThreads, String source) {

    public Timeline {
        java.util.Objects.requireNonNull(source, "source");
        connections = List.copyOf(connections);
        platformThreads = List.copyOf(platformThreads);
        virtualThreads = List.copyOf(virtualThreads);
    }

    /** One sample. */
    public record Point(Instant time, long value) {}

    /** The earliest sample of any series ({@link Instant#EPOCH} when there is none). */
    public Instant first() {
        return java.util.stream.Stream.of(connections, platformThreads, virtualThreads).flatMap(List::stream)
                .map(Point::time).min(Instant::compareTo).orElse(Instant.EPOCH);
    }

    /** The latest sample of any series ({@link Instant#EPOCH} when there is none). */
    public Instant last() {
        return java.util.stream.Stream.of(connections, platformThreads, virtualThreads).flatMap(List::stream)
                .map(Point::time).max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    /** The largest value of any series (0 when there is none). */
    public long max() {
        return java.util.stream.Stream.of(connections, platformThreads, virtualThreads).flatMap(List::stream)
                .mapToLong(Point::value).max().orElse(0);
    }
}
