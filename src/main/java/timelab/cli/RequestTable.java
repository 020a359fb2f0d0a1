package timelab.cli;

import java.util.List;
import java.util.Locale;
import timelab.measure.RequestSummary;

/**
 * The server requests of a recording as a table for {@code timelab jfr summary}: one block per model and work, one
 * row per duration (queued, work, total) with its p50, p90, p99 and max in milliseconds.
 */
final class RequestTable {

    private RequestTable() {}

    /** Appends the table to {@code b}; nothing when the recording has no {@code timelab.ServerRequest} events. */
    static void append(StringBuilder b, List<RequestSummary> requests) {
        if (requests.isEmpty()) {
            return;
        }
        long count = requests.stream().mapToLong(RequestSummary::count).sum();
        JfrCommand.line(b, "server requests", String.format(Locale.ROOT, "%,d (timelab.ServerRequest), times in ms",
                count));
        int model = width("model", requests.stream().map(RequestSummary::model).toList());
        int work = width("work", requests.stream().map(RequestSummary::work).toList());
        String head = "    %-" + model + "s  %-" + work + "s  %9s %7s  %-6s %9s %9s %9s %9s%n";
        b.append(String.format(Locale.ROOT, head, "model", "work", "requests", "failed", "time", "p50", "p90", "p99",
                "max"));
        for (RequestSummary r : requests) {
            row(b, head, r.model(), r.work(), String.format(Locale.ROOT, "%,d", r.count()),
                    String.format(Locale.ROOT, "%,d", r.failed()), "queued", r.queued());
            row(b, head, "", "", "", "", "work", r.workTime());
            row(b, head, "", "", "", "", "total", r.total());
        }
    }

    private static void row(StringBuilder b, String format, String model, String work, String count, String failed,
            String time, RequestSummary.Spread s) {
        b.append(String.format(Locale.ROOT, format, model, work, count, failed, time, RequestSummary.millis(s.p50()),
                RequestSummary.millis(s.p90()), RequestSummary.millis(s.p99()), RequestSummary.millis(s.max())));
    }

    private static int width(String title, List<String> values) {
        return Math.max(title.length(), values.stream().mapToInt(String::length).max().orElse(0));
    }
}
