package timelab.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import timelab.client.ClientRun;
import timelab.experiment.BacklogRow;
import timelab.experiment.LimitResult;
import timelab.experiment.Machine;
import timelab.fork.Jdk;
import timelab.experiment.Run;

/**
 * {@code report.html}: one page that reads without a server — the machine, each experiment's table with its findings
 * in words, its interactive charts ({@link ChartPage}), and links to every raw file. Written as well-formed XHTML (void
 * elements closed), so any XML parser can check it.
 */
final class HtmlReport {

    private final StringBuilder h = new StringBuilder(64 * 1024);

    private HtmlReport() {}

    static String render(Report r) {
        return new HtmlReport().page(r);
    }

    private String page(Report r) {
        head(h, r.title(), "tr.bad td{background:#fff1f0}\n"
                + "p.why{background:#f6f8fa;padding:.6em;border-left:4px solid #1f77b4}\n"
                + "section.findings{background:#f6fbf6;border:1px solid #b7dfb7;padding:.2em 1.2em;margin:1em 0}\n"
                + "ol.findings li,ul.findings li{margin:.45em 0}\n");
        h.append("<h1>").append(esc(r.title())).append("</h1>\n<p>").append(esc(when(r.createdAt())))
                .append(String.format(Locale.ROOT, ", %.0f s: <code>", r.seconds())).append(esc(r.command()))
                .append("</code></p>\n");
        leadFindings(Findings.headline(r));
        if (!r.limits().isEmpty()) {
            limits(r.limits());
            charts(r.charts(), "limit");
        }
        if (!r.matrix().isEmpty()) {
            matrix(r.matrix());
            charts(r.charts(), "matrix");
            List<Report.Chart> timelines = r.charts().stream().filter(c -> c.section().equals("timeline")).toList();
            if (!timelines.isEmpty()) {
                h.append("<details>\n<summary>Connections and threads over time, every run (from the JFR recordings"
                        + " of both sides)</summary>\n");
                charts(timelines, "timeline");
                h.append("</details>\n");
            }
        }
        if (!r.backlog().isEmpty()) {
            backlog(r.backlog(), r.machine());
            charts(r.charts(), "backlog");
        }
        h.append("<h2 id=\"files\">Raw files</h2>\n<p>Everything above is in <a href=\"report.json\">report.json"
                + "</a>; each run's client result is in <code>runs/</code>, its JFR recordings (open them in JDK "
                + "Mission Control, or <code>timelab jfr summary FILE</code>) in <code>jfr/</code>.</p>\n");
        machine(r.machine(), r);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /** The page's lead section: "What this run shows", each finding linked to the section with its evidence. */
    private void leadFindings(List<Findings.Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        h.append("<section class=\"findings\" id=\"findings\">\n<h2>What this run shows</h2>\n"
                + "<ol class=\"findings\">\n");
        for (Findings.Finding f : findings) {
            h.append("<li>").append(esc(f.text())).append(" <a href=\"#").append(esc(f.section()))
                    .append("\">(evidence)</a></li>\n");
        }
        h.append("</ol>\n</section>\n");
    }

    /** A section's own findings, opening it before its table. */
    private void sectionFindings(List<Findings.Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        h.append("<ul class=\"findings\">\n");
        for (Findings.Finding f : findings) {
            h.append("<li>").append(esc(f.text())).append("</li>\n");
        }
        h.append("</ul>\n");
    }

    /** An ISO-8601 instant as {@code 2026-12-06 22:27:09 UTC}: to the second, as a person reads it. */
    static String when(String iso) {
        try {
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC)
                    .format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private void machine(Machine m, Report r) {
        h.append("<h2 id=\"machine\">Machine</h2>\n<table>\n");
        row("Java", m.java());
        row("JDK of this process", r.jdk().parent().describe());
        row("JDK of the server and client children", r.jdk().children().describe());
        String reported = r.reportedChildJdks().stream().map(Jdk::describe).collect(Collectors.joining("; "));
        row("JDK the children said they ran on", reported.isEmpty() ? "—" : reported);
        row("OS", m.os());
        row("CPUs", Integer.toString(m.cpus()));
        row("memory", mib(m.memTotalBytes()) + " (" + mib(m.memAvailableBytes()) + " available at the start)");
        row("open-file limit per process", n(m.openFileLimit()));
        row("pid_max (threads + processes, whole machine)", n(m.pidMax()));
        row("threads-max", n(m.threadsMax()));
        row("vm.max_map_count", n(m.maxMapCount()));
        row("somaxconn / tcp_syncookies / tcp_abort_on_overflow",
                m.somaxconn() + " / " + m.tcpSyncookies() + " / " + m.tcpAbortOnOverflow());
        row("ephemeral ports per source/destination pair", n(m.ephemeralPorts()));
        row("a dropped SYN is sent again", m.synRetries());
        h.append("</table>\n");
    }

    private void row(String name, String value) {
        h.append("<tr><th class=\"l\">").append(esc(name)).append("</th><td class=\"l\">").append(esc(value))
                .append("</td></tr>\n");
    }

    private void limits(List<LimitResult> limits) {
        h.append("<h2 id=\"limits\">Limits: the most concurrent clients, and what ran out</h2>\n");
        sectionFindings(Findings.limits(limits));
        h.append("<p>Each step holds every connection open until all are connected, against a fresh server; ramp "
                + "100, 200, 500, 1k, 2k, 5k, 10k, 20k, … then bisection to 1%. A search cut short by time or by its "
                + "ceiling gives a lower bound (≥), not a limit.</p>\n<table>\n<tr><th class=\"l\">strategy</th>"
                + "<th class=\"l\">server</th><th>most clients held</th><th>first failing step</th>"
                + "<th class=\"l\">ran out</th><th>search</th></tr>\n");
        for (LimitResult l : limits) {
            h.append("<tr><td class=\"l\">").append(esc(l.strategy().label())).append("</td><td class=\"l\">")
                    .append(esc(l.serverModel().label())).append("</td><td>").append(esc(Findings.maximum(l)))
                    .append("</td><td>").append(l.firstBad() == null ? "—" : n(l.firstBad().clients()))
                    .append("</td><td class=\"l\">").append(esc(l.resource().label())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%s, %d steps, %.0f s", l.stop().label(), l.steps().size(),
                            l.seconds()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (LimitResult l : limits) {
            h.append("<p class=\"why\"><b>").append(esc(l.strategy().label())).append(" → ")
                    .append(esc(l.serverModel().label())).append(": ").append(esc(Findings.maximum(l)))
                    .append(".</b> ").append(esc(l.reason())).append("</p>\n");
            h.append("<details><summary>steps</summary>\n");
            runs(l.steps());
            h.append("</details>\n");
        }
    }

    private void matrix(List<Run> runs) {
        h.append("<h2 id=\"matrix\">Matrix: every client strategy against every server model</h2>\n");
        sectionFindings(Findings.matrix(runs));
        h.append("<p>Each row is a fresh server child and a client child; both record JFR. Threads are peaks: "
                + "platform threads from the JVM, virtual threads counted by timelab (the JVM's counters do not see "
                + "them), OS threads from <code>/proc</code>.</p>\n");
        runs(runs);
    }

    private void runs(List<Run> runs) {
        h.append("<table class=\"runs\">\n<tr><th class=\"l\">client</th><th class=\"l\">server</th>"
                + "<th>served / clients</th><th class=\"l\">failures</th><th>wall s</th><th>clients/s</th>"
                + "<th>p99 ms connect / request</th><th>server peak conns</th>"
                + "<th>client threads platform / virtual / OS</th><th>server threads platform / virtual / OS</th>"
                + "<th>peak RSS MiB client / server</th><th class=\"l\">files</th></tr>\n");
        for (Run r : runs) {
            ClientRun.Resources c = r.client() == null ? null : r.client().resources();
            h.append(r.failed() > 0 ? "<tr class=\"bad\">" : "<tr>").append("<td class=\"l\">")
                    .append(esc(r.strategy().label())).append("</td><td class=\"l\">")
                    .append(esc(r.serverModel().label())).append("</td><td>").append(n(r.succeeded())).append(" / ")
                    .append(n(r.clients())).append("</td><td class=\"l\">").append(esc(failures(r)))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.2f", r.wallSeconds()))
                    .append("</td><td>").append(r.succeeded() > 0
                            ? String.format(Locale.ROOT, "%,.0f", r.clientsPerSecond()) : "—")
                    .append("</td><td>").append(ms(r.connect().p99Ms())).append(" / ").append(ms(r.request().p99Ms()))
                    .append("</td><td>").append(r.server() == null ? "—" : n(r.server().peakConnections())
                            + perWorker(r.server(), Run.Worker::peakConnections))
                    .append("</td><td>").append(c == null ? "—" : n(c.peakPlatformThreads()) + " / "
                            + n(c.peakVirtualThreads()) + " / " + n(c.peakOsThreads()))
                    .append(children(c == null ? null : r.client().children()))
                    .append("</td><td>").append(r.server() == null ? "—" : n(r.server().peakPlatformThreads()) + " / "
                            + n(r.server().peakVirtualThreads()) + " / " + n(r.observed().serverPeakOsThreads()))
                    .append("</td><td>").append(c == null ? "—" : mibNumber(c.peakRssBytes()))
                    .append(" / ").append(r.observed() == null ? "—" : mibNumber(r.observed().serverPeakRssBytes())
                            + (r.server() == null ? "" : perWorker(r.server(), w -> w.peakRssBytes() >> 20)))
                    .append("</td><td class=\"l\">").append(links(r)).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private void backlog(List<BacklogRow> rows, Machine machine) {
        h.append("<h2 id=\"backlog\">Backlog: the impatient client</h2>\n");
        sectionFindings(Findings.backlog(rows, machine));
        h.append("<p>N clients connect at once and hold their connections until all are connected (or failed), then "
                + "each sends <code>TIME</code>. The bottleneck server (<code>single</code>) serves one connection at "
                + "a time on its accepting thread, so while it serves one, the others can only wait in the kernel's "
                + "accept queue.</p>\n<table>\n<tr><th class=\"l\">server</th><th>backlog</th><th>clients</th>"
                + "<th>connected</th><th>served</th><th>refused</th><th>connect timeouts</th><th>never served</th>"
                + "<th>read timeouts</th><th>other</th><th>connect max ms</th><th class=\"l\">kernel (change)</th>"
                + "</tr>\n");
        for (BacklogRow b : rows) {
            h.append(b.served() < b.clients() ? "<tr class=\"bad\">" : "<tr>").append("<td class=\"l\">")
                    .append(esc(b.server().label())).append("</td><td>").append(n(b.backlog())).append("</td><td>")
                    .append(n(b.clients())).append("</td><td>").append(n(b.connected())).append("</td><td>")
                    .append(n(b.served())).append("</td><td>").append(n(b.refused())).append("</td><td>")
                    .append(n(b.connectTimeouts())).append("</td><td>").append(n(b.neverServed())).append("</td><td>")
                    .append(n(b.readTimeouts())).append("</td><td>").append(n(b.otherFailures())).append("</td><td>")
                    .append(ms(b.run().connect().maxMs())).append("</td><td class=\"l\">")
                    .append(esc(kernel(b.run().kernel()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (BacklogRow b : rows) {
            h.append("<p class=\"why\"><b>").append(esc(b.server().label())).append(", ").append(n(b.clients()))
                    .append(" clients.</b> ").append(esc(b.verdict())).append("</p>\n");
        }
    }

    private void charts(List<Report.Chart> charts, String section) {
        ChartPage.append(h, charts.stream().filter(c -> c.section().equals(section)).toList());
    }

    /** The run's raw files, one short link per line, so the column stays narrow. */
    private static String links(Run r) {
        StringBuilder b = new StringBuilder();
        link(b, r.files().clientJson(), "client.json");
        link(b, r.files().clientJfr(), "client.jfr");
        link(b, r.files().serverJfr(), "server.jfr");
        return b.isEmpty() ? "—" : b.toString();
    }

    private static void link(StringBuilder b, String file, String text) {
        if (file != null) {
            b.append(b.isEmpty() ? "" : "<br/>").append("<a href=\"").append(esc(file)).append("\">").append(text)
                    .append("</a>");
        }
    }

    static String failures(Run r) {
        if (r.error() != null && r.client() == null) {
            return "no result: " + r.error();
        }
        String kinds = r.failures().isEmpty() ? "—" : r.failures().entrySet().stream()
                .map(e -> e.getKey().label() + " " + String.format(Locale.ROOT, "%,d", e.getValue()))
                .collect(Collectors.joining(", "));
        return r.error() == null ? kinds : kinds + "; incomplete: " + r.error();
    }

    private static String children(ClientRun.Children c) {
        return c == null ? "" : String.format(Locale.ROOT, "<br/><small>+ %,d child JVMs: %,d OS threads</small>",
                c.spawned(), c.sumPeakOsThreads());
    }

    private static String kernel(Map<String, Long> k) {
        return k.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> e.getKey() + " +" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** With worker processes: " (= a + b …)" of {@code field}, each worker's; nothing for one process. */
    static String perWorker(Run.Server s, ToLongFunction<Run.Worker> field) {
        return s.workers().isEmpty() ? "" : " (" + s.workers().stream().map(w -> n(field.applyAsLong(w)))
                .collect(Collectors.joining(" + ")) + ")";
    }

    private static String n(long v) {
        return v < 0 ? "?" : String.format(Locale.ROOT, "%,d", v);
    }

    private static String ms(double v) {
        return v < 0 ? "—" : String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.2f", v);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
    }

    private static String mibNumber(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%,.0f", bytes / 1048576.0);
    }

    /** Escapes text for HTML content and attribute values. */
    /** The page's head, with the style every report page shares and {@code moreCss}, up to the open body. */
    static void head(StringBuilder h, String title, String moreCss) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(esc(title)).append("</title>\n").append(ChartPage.scripts()) // #18 charts
                .append("<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;"
                        + "color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:90%}\n")
                .append("table.runs{font-size:80%}table.runs th{font-weight:600}\n")
                .append("th,td{border:1px solid #ccc;padding:3px 7px;text-align:right;vertical-align:top}\n")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}\n")
                .append(ChartPage.css()) // #18 charts
                .append("code{background:#f3f3f3;padding:0 3px}\n").append(moreCss)
                .append("</style>\n</head>\n<body>\n");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append('?');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
