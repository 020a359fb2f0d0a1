package timelab.report;

import java.util.Locale;
import java.util.stream.Collectors;
import timelab.experiment.CurveResult;
import timelab.experiment.Machine;

/**
 * {@code report.html} of {@code timelab curve}: the findings in words first (each model's saturation beside its
 * prediction), the three charts, then each model's steps. Well-formed XHTML, as {@link HtmlReport} writes.
 */
final class CurveHtml {

    private final StringBuilder h = new StringBuilder(32 * 1024);

    private CurveHtml() {}

    static String render(CurveReport r) {
        return new CurveHtml().page(r);
    }

    private String page(CurveReport r) {
        CurveResult c = r.curve();
        HtmlReport.head(h, r.title(), "li{margin:.45em 0}\n"
                + "section.findings{background:#f6fbf6;border:1px solid #b7dfb7;padding:.2em 1.2em;margin:1em 0}\n");
        h.append("<h1>").append(esc(r.title())).append("</h1>\n<p>").append(esc(HtmlReport.when(r.createdAt())))
                .append(String.format(Locale.ROOT, ", %.0f s: <code>", r.seconds())).append(esc(r.command()))
                .append("</code></p>\n");
        h.append("<section class=\"findings\" id=\"findings\">\n<h2>What this run shows</h2>\n<ol>\n");
        for (CurveResult.ModelCurve m : c.models()) {
            h.append("<li>").append(esc(m.finding(c.sweep()))).append(m.note() == null ? ""
                    : " <em>(" + esc(m.note()) + ")</em>").append(" <a href=\"#steps-")
                    .append(esc(Charts.idSafe(m.model().label()))).append("\">(steps)</a></li>\n");
        }
        h.append("</ol>\n</section>\n");
        h.append("<p>Work per request: <code>").append(esc(c.work().label())).append("</code>");
        if (c.backend() != null) {
            h.append(" (backend: <code>").append(esc(c.backend().model().label())).append("</code> with <code>")
                    .append(esc(c.backend().work().label())).append("</code>)");
        }
        h.append(String.format(Locale.ROOT, "; steps of %.1f s, load in %s; predictions for %d cores, %d carriers, "
                + "JDK %d; children started on %s (this process: %s). Raw data: <a href=\"report.json\">report.json"
                + "</a>; each step's client result is in <code>runs/</code>.</p>\n", c.stepSeconds(),
                esc(c.sweep().unit()), c.host().cores(), c.host().carriers(), c.host().jdkFeature(),
                esc(r.jdk().children().describe()), esc(r.jdk().parent().describe())));
        if (c.stopped() != null) {
            h.append("<p><strong>Stopped early:</strong> ").append(esc(c.stopped())).append("</p>\n");
        }
        h.append("<p>Saturation: the step before the first where throughput grew less than 10% per doubling of the "
                + "load, or where p99 rose above twice the first step's (at least 1 ms).</p>\n");
        ChartPage.append(h, r.charts());
        h.append("<h2>Steps</h2>\n");
        for (CurveResult.ModelCurve m : c.models()) {
            steps(m, c.sweep());
        }
        machine(r.machine());
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private void steps(CurveResult.ModelCurve m, CurveResult.Sweep sweep) {
        h.append("<h3 id=\"steps-").append(esc(Charts.idSafe(m.model().label()))).append("\">")
                .append(esc(m.model().label())).append("</h3>\n<p>Predicted: ")
                .append(m.prediction().predicts() ? String.format(Locale.ROOT, "%.1f req/s = ",
                        m.prediction().perSecond()) : "").append(esc(m.prediction().law())).append("; ")
                .append(esc(m.prediction().resource())).append(". Measured: ").append(esc(m.saturation().saturated()
                        ? String.format(Locale.ROOT, "%.1f req/s (%s)", m.saturation().throughput(),
                                m.saturation().rule().words()) : m.saturation().rule().words())).append(".</p>\n");
        h.append("<table>\n<tr><th>").append(esc(sweep.unit())).append("</th><th>req/s</th><th>requests</th>"
                + "<th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th>"
                + "<th class=\"l\">failures</th><th>platform threads</th><th>virtual threads</th>"
                + "<th>in flight (peak)</th><th>queued (peak)</th><th>RSS MiB</th><th>CPU s</th></tr>\n");
        for (CurveResult.Step s : m.steps()) {
            h.append("<tr><td>").append(num(s.load())).append("</td><td>").append(num(s.throughput()))
                    .append("</td><td>").append(s.requests()).append("</td><td>").append(num(s.p50Ms()))
                    .append("</td><td>").append(num(s.p90Ms())).append("</td><td>").append(num(s.p99Ms()))
                    .append("</td><td>").append(num(s.p999Ms())).append("</td><td>").append(num(s.maxMs()))
                    .append("</td><td class=\"l\">").append(esc(failures(s))).append("</td><td>")
                    .append(s.serverPlatformThreads()).append("</td><td>").append(s.serverVirtualThreads())
                    .append("</td><td>").append(s.serverPeakInFlight()).append("</td><td>")
                    .append(s.serverPeakQueued()).append("</td><td>").append(s.serverPeakRssBytes() < 0 ? "?"
                            : num(s.serverPeakRssBytes() / 1048576.0)).append(perWorker(s)).append("</td><td>")
                    .append(num(s.serverCpuSeconds())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** With worker processes: " (pid P: N conns, M MiB; …)", each worker's; nothing for one process. */
    static String perWorker(CurveResult.Step s) {
        return s.serverWorkers().isEmpty() ? "" : " (" + s.serverWorkers().stream().map(w -> "pid " + w.pid() + ": "
                + w.peakConnections() + " conns, " + (w.peakRssBytes() < 0 ? "?" : num(w.peakRssBytes() / 1048576.0))
                + " MiB").collect(Collectors.joining("; ")) + ")";
    }

    static String failures(CurveResult.Step s) {
        String kinds = s.failures().entrySet().stream().map(e -> e.getKey().label() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        String error = s.error() == null ? "" : (kinds.isEmpty() ? "" : "; ") + s.error();
        return kinds.isEmpty() && error.isEmpty() ? "0" : kinds + error;
    }

    private void machine(Machine m) {
        h.append("<h2 id=\"machine\">Machine</h2>\n<p>").append(esc(m.os())).append(", ").append(m.cpus())
                .append(" CPUs, Java ")
                .append(esc(m.java())).append(String.format(Locale.ROOT, ", %.0f MiB of memory.</p>\n",
                        m.memTotalBytes() / 1048576.0));
    }

    private static String num(double v) {
        return v < 0 ? "–" : v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return HtmlReport.esc(s);
    }
}
