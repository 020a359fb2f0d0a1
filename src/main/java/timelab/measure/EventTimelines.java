package timelab.measure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recording's timelines from its event stream, so that a run of a tenth of a second has the same peaks as the
 * counters that the tables show: platform threads from {@code jdk.ThreadStart/End} (placed at the level of the first
 * {@code jdk.JavaThreadStatistics} sample), the application's virtual threads from {@code jdk.VirtualThreadStart/End}
 * (the JDK's own pollers left out), and the server's connections from {@code timelab.Connection} (begun at accept,
 * ended at close). What the events cannot give falls back to the {@code timelab.Concurrency} samples (every 100 ms):
 * the client's connections always, and virtual threads when a recording holds more than one side (the balance is the
 * whole JVM's) or the virtual-thread events were off.
 *
 * <p>Each series keeps at most two points per millisecond (its highest, then where it ended), so a run of 20,000
 * connections still charts in a few thousand points and no peak is lost. Not thread-safe: one reading pass.
 */
final class EventTimelines {

    private static final long BUCKET_NANOS = 1_000_000;

    private final Deltas platform = new Deltas();
    private final Deltas virtual = new Deltas();
    private final Deltas connections = new Deltas();
    private final List<Timeline.Point> platformSamples = new ArrayList<>();
    private final Map<String, List<Timeline.Point>> connectionSamples = new LinkedHashMap<>();
    private final Map<String, List<Timeline.Point>> virtualSamples = new LinkedHashMap<>();

    void platformThread(Instant t, int delta) {
        platform.add(t, delta);
    }

    /** An application virtual thread started (+1) or ended (-1); the JDK's own are not passed here. */
    void virtualThread(Instant t, int delta) {
        virtual.add(t, delta);
    }

    void connection(Instant accepted, Instant closed) {
        connections.add(accepted, +1);
        connections.add(closed, -1);
    }

    void platformSample(Instant t, long active) {
        platformSamples.add(new Timeline.Point(t, active));
    }

    void concurrencySample(String side, Instant t, long activeConnections, long virtualThreads) {
        connectionSamples.computeIfAbsent(side, s -> new ArrayList<>()).add(new Timeline.Point(t, activeConnections));
        virtualSamples.computeIfAbsent(side, s -> new ArrayList<>()).add(new Timeline.Point(t, virtualThreads));
    }

    /**
     * One timeline per side (one without connections when the recording has no side).
     *
     * @param virtualEventsOn whether the recording had {@code jdk.VirtualThreadStart} enabled (none started is then 0)
     * @param labels the sides' models or strategies in time order, for the name
     */
    List<Timeline> timelines(String fileName, boolean virtualEventsOn, List<String> labels) {
        platformSamples.sort(Comparator.comparing(Timeline.Point::time));
        connectionSamples.values().forEach(l -> l.sort(Comparator.comparing(Timeline.Point::time)));
        virtualSamples.values().forEach(l -> l.sort(Comparator.comparing(Timeline.Point::time)));
        boolean platformEvents = platform.size() > 0;
        List<Timeline.Point> platformLine = platformEvents ? platform.line(platformOffset()) : platformSamples;
        if (connectionSamples.isEmpty()) {
            return List.of(new Timeline(fileName, List.of(), platformLine, List.of(),
                    platformEvents ? "platform threads from thread start/end events" : "platform threads sampled"));
        }
        boolean oneSide = connectionSamples.size() == 1;
        boolean virtualEvents = oneSide && (virtual.size() > 0 || virtualEventsOn);
        List<Timeline> list = new ArrayList<>();
        for (String side : connectionSamples.keySet()) {
            boolean connectionEvents = side.equals("server") && connections.size() > 0;
            String name = side + " · " + String.join(" → ", labels) + " — " + fileName;
            list.add(new Timeline(name,
                    connectionEvents ? connections.line(0) : connectionSamples.get(side), platformLine,
                    virtualEvents ? virtual.line(-virtual.lowest()) : virtualSamples.get(side),
                    source(connectionEvents, platformEvents, virtualEvents)));
        }
        return list;
    }

    private static String source(boolean connectionEvents, boolean platformEvents, boolean virtualEvents) {
        List<String> events = new ArrayList<>();
        List<String> sampled = new ArrayList<>();
        (connectionEvents ? events : sampled).add("connections");
        (platformEvents ? events : sampled).add("platform threads");
        (virtualEvents ? events : sampled).add("virtual threads");
        String fromEvents = events.isEmpty() ? "" : String.join(", ", events) + " from every open/close and start/end "
                + "event";
        String fromSamples = sampled.isEmpty() ? "" : String.join(", ", sampled) + " sampled every 100 ms (a peak "
                + "between samples is missed)";
        return fromEvents.isEmpty() ? fromSamples : fromSamples.isEmpty() ? fromEvents : fromEvents + "; "
                + fromSamples;
    }

    /**
     * What to add to the start/end balance to get live platform threads: the first sample's level minus the balance
     * at that time; without samples, what keeps the balance from going below zero.
     */
    private long platformOffset() {
        if (platformSamples.isEmpty()) {
            return -platform.lowest();
        }
        Timeline.Point first = platformSamples.get(0);
        return first.value() - platform.at(first.time());
    }

    /** A step function kept as +1/-1 changes: (epoch nanos, delta) in two growable arrays. */
    private static final class Deltas {
        private long[] times = new long[256];
        private int[] deltas = new int[256];
        private int n;
        private boolean sorted = true;

        void add(Instant t, int delta) {
            if (n == times.length) {
                times = Arrays.copyOf(times, n * 2);
                deltas = Arrays.copyOf(deltas, n * 2);
            }
            long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
            sorted &= n == 0 || nanos >= times[n - 1];
            times[n] = nanos;
            deltas[n] = delta;
            n++;
        }

        int size() {
            return n;
        }

        /** By time; at equal times ends first, so a tie never inflates a peak. */
        private void sort() {
            if (sorted) {
                return;
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.<Integer>comparingLong(i -> times[i]).thenComparingInt(i -> deltas[i]));
            long[] t = new long[n];
            int[] d = new int[n];
            for (int i = 0; i < n; i++) {
                t[i] = times[order[i]];
                d[i] = deltas[order[i]];
            }
            times = t;
            deltas = d;
            sorted = true;
        }

        /** The lowest the running sum goes (0 at most): threads already live when the recording began end in it. */
        long lowest() {
            sort();
            long live = 0;
            long min = 0;
            for (int i = 0; i < n; i++) {
                live += deltas[i];
                min = Math.min(min, live);
            }
            return min;
        }

        /** The running sum just after {@code t}. */
        long at(Instant t) {
            sort();
            long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
            long live = 0;
            for (int i = 0; i < n && times[i] <= nanos; i++) {
                live += deltas[i];
            }
            return live;
        }

        /** The running sum plus {@code offset}, at most two points per millisecond: its highest, then its last. */
        List<Timeline.Point> line(long offset) {
            sort();
            List<Timeline.Point> out = new ArrayList<>();
            long live = offset;
            int i = 0;
            while (i < n) {
                long bucket = times[i] / BUCKET_NANOS;
                long high = Long.MIN_VALUE;
                long highAt = times[i];
                long lastAt = times[i];
                for (; i < n && times[i] / BUCKET_NANOS == bucket; i++) {
                    live += deltas[i];
                    if (live > high) {
                        high = live;
                        highAt = times[i];
                    }
                    lastAt = times[i];
                }
                out.add(point(highAt, high));
                if (live != high) {
                    out.add(point(Math.max(lastAt, highAt + 1), live));
                }
            }
            return out;
        }

        private static Timeline.Point point(long nanos, long value) {
            return new Timeline.Point(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                    Math.floorMod(nanos, 1_000_000_000L)), value);
        }
    }
}
