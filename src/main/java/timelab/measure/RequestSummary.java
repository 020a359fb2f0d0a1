package timelab.measure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import jdk.jfr.consumer.RecordedEvent;
import org.HdrHistogram.Histogram;

/**
 * The server's requests of one model and one work ({@code timelab.ServerRequest} events): how many, how many failed,
 * and the spread of each of their three durations. Times in milliseconds.
 *
 * @param model the server model that served them
 * @param work the work each cost
 * @param count requests answered during the recording
 * @param failed of which the work failed ({@code ERROR backend …})
 * @param queued from when the server could first have taken a request up until a thread or the loop began it
 * @param workTime in the work itself
 * @param total from the same start until the reply was handed to the socket
 */
public record RequestSummary(String model, String work, long count, long failed, Spread queued, Spread workTime,
        Spread total) {

    public RequestSummary {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(queued, "queued");
        Objects.requireNonNull(workTime, "workTime");
        Objects.requireNonNull(total, "total");
        if (count < 1 || failed < 0 || failed > count) {
            throw new IllegalArgumentException("count " + count + " and failed " + failed + " do not fit");
        }
    }

    /**
     * Percentiles of one duration, in milliseconds (HdrHistogram, 3 significant digits: each within 0.1%).
     */
    public record Spread(double p50, double p90, double p99, double max) {

        public Spread {
            if (!(0 <= p50 && p50 <= p90 && p90 <= p99 && p99 <= max)) {
                throw new IllegalArgumentException("percentiles out of order: " + p50 + ", " + p90 + ", " + p99
                        + ", " + max);
            }
        }

        static Spread of(Histogram h) {
            return new Spread(millis(h.getValueAtPercentile(50)), millis(h.getValueAtPercentile(90)),
                    millis(h.getValueAtPercentile(99)), millis(h.getMaxValue()));
        }

        private static double millis(long nanos) {
            return Math.round(nanos / 1e3) / 1e3;
        }
    }

    /**
     * The finding in words: how many, the p99 of waiting and of working, and which of the two the time went to,
     * e.g. {@code 1,234 requests on fixed:2 with delay:50ms: queued p99 48.1 ms, work p99 50.2 ms — time was spent
     * waiting for a thread (or the loop), not working}.
     */
    public String finding() {
        double ratio = workTime.p99() == 0 ? Double.POSITIVE_INFINITY : queued.p99() / workTime.p99();
        String where;
        if (ratio >= 0.5) {
            where = "time was spent waiting for a thread (or the loop), not working";
        } else if (ratio >= 0.1) {
            where = "most time was spent working, some waiting for a thread (or the loop)";
        } else {
            where = "time was spent working, not waiting: each request was taken up at once";
        }
        String failures = failed == 0 ? "" : String.format(Locale.ROOT, " (%,d failed)", failed);
        return String.format(Locale.ROOT, "%,d request%s on %s with %s%s: queued p99 %s ms, work p99 %s ms, total "
                + "p99 %s ms — %s", count, count == 1 ? "" : "s", model, work, failures, millis(queued.p99()),
                millis(workTime.p99()), millis(total.p99()), where);
    }

    /** Milliseconds for people: three significant digits at least, one decimal at most above 10 ms. */
    public static String millis(double ms) {
        if (ms >= 10) {
            return String.format(Locale.ROOT, "%,.1f", ms);
        }
        return String.format(Locale.ROOT, ms >= 1 ? "%.2f" : "%.3f", ms);
    }

    /**
     * The requests of a recording by model and work, the groups in the order of their first request's time: a
     * recording's events are not read in time order across its threads' buffers, so the order they are read in
     * varies from run to run.
     */
    static final class Tally {

        private final Map<List<String>, Histograms> groups = new LinkedHashMap<>();

        void accept(RecordedEvent e) {
            List<String> key = List.of(String.valueOf(e.getString("model")), String.valueOf(e.getString("work")));
            Histograms h = groups.computeIfAbsent(key, k -> new Histograms());
            h.first = h.first == null || e.getStartTime().isBefore(h.first) ? e.getStartTime() : h.first;
            h.count++;
            h.failed += e.getBoolean("failed") ? 1 : 0;
            h.queued.recordValue(Math.max(0, e.getLong("queued")));
            h.workTime.recordValue(Math.max(0, e.getLong("workTime")));
            h.total.recordValue(Math.max(0, e.getLong("total")));
        }

        List<RequestSummary> summaries() {
            List<RequestSummary> list = new ArrayList<>();
            List<Map.Entry<List<String>, Histograms>> inTime = new ArrayList<>(groups.entrySet());
            inTime.sort(Comparator.comparing(g -> g.getValue().first));
            inTime.forEach(g -> add(list, g.getKey(), g.getValue()));
            return list;
        }

        private static void add(List<RequestSummary> list, List<String> key, Histograms h) {
            list.add(new RequestSummary(key.get(0), key.get(1), h.count, h.failed,
                    Spread.of(h.queued), Spread.of(h.workTime), Spread.of(h.total)));
        }
    }

    /** One group's counts and histograms of nanoseconds. */
    private static final class Histograms {
        Instant first;
        long count;
        long failed;
        final Histogram queued = histogram();
        final Histogram workTime = histogram();
        final Histogram total = histogram();

        private static Histogram histogram() {
            Histogram h = new Histogram(3);
            h.setAutoResize(true);
            return h;
        }
    }
}
