package timelab.report;

import java.util.List;
import java.util.Locale;
import timelab.app.ConsoleText;
import timelab.client.ClientRun;
import timelab.experiment.BacklogRow;
import timelab.experiment.LimitResult;
import timelab.experiment.Run;
import timelab.fork.Jdk;

/**
 * The console's view of a report: fixed-width tables of at most {@link ConsoleText#WIDTH} columns, then each finding
 * in words, wrapped to that width ({@link ConsoleText}); the HTML report keeps the same words unwrapped.
 */
public final class ConsoleTable {

    private ConsoleTable() {}

    /** Every section the report has, with a blank line between them; no line wider than the console. */
    public static String render(Report r) {
        return fit(sections(r));
    }

    /** Each line of {@code text} fitted to the console ({@link ConsoleText#fit}), the trailing newline kept. */
    static String fit(String text) {
        StringBuilder b = new StringBuilder();
        text.lines().forEach(l -> b.append(ConsoleText.fit(l)).append('\n'));
        return b.toString();
    }

    private static String sections(Report r) {
        StringBuilder b = new StringBuilder(jdks(r)).append('\n');
        if (!r.limits().isEmpty()) {
            b.append(limits(r.limits())).append('\n');
        }
        if (!r.matrix().isEmpty()) {
            b.append(matrix(r.matrix())).append('\n');
        }
        if (!r.backlog().isEmpty()) {
            b.append(backlog(r.backlog())).append('\n');
        }
        return b.toString();
    }

    /** Which JDKs ran: this process, the one its children were started on, and what they said. */
    static String jdks(Report r) {
        StringBuilder b = new StringBuilder("jdk: this process ").append(r.jdk().parent().describe()).append('\n');
        b.append("jdk: children started on ").append(r.jdk().children().describe()).append('\n');
        for (Jdk j : r.reportedChildJdks()) {
            b.append("jdk: a child said it ran on ").append(j.describe()).append('\n');
        }
        return b.toString();
    }

    static String limits(List<LimitResult> limits) {
        StringBuilder b = new StringBuilder("limit: the most concurrent clients held with zero failures\n");
        String row = "  %-" + width("strategy", limits.stream().map(l -> l.strategy().label()).toList()) + "s %-"
                + width("server", limits.stream().map(l -> l.serverModel().label()).toList()) + "s %10s %12s  %s%n";
        b.append(String.format(Locale.ROOT, row, "strategy", "server", "most held", "first bad", "ran out"));
        for (LimitResult l : limits) {
            b.append(String.format(Locale.ROOT, row, l.strategy().label(),
                    l.serverModel().label(), Findings.maximum(l), l.firstBad() == null ? "-"
                            : String.format(Locale.ROOT, "%,d", l.firstBad().clients()), l.resource().label()));
        }
        for (LimitResult l : limits) {
            b.append(String.format(Locale.ROOT, "%n  %s → %s: %s%s%n", l.strategy().label(), l.serverModel().label(),
                    l.reason(), Findings.processes(l)));
        }
        return b.toString();
    }

    /**
     * Two tables of one row per run, so that each fits the console: what came out (clients/s counts the clients that
     * succeeded, "-" when none did), then what each side used.
     */
    static String matrix(List<Run> runs) {
        int cw = width("client", runs.stream().map(r -> r.strategy().label()).toList());
        int sw = width("server", runs.stream().map(r -> r.serverModel().label()).toList());
        // the failures column takes what the labels leave of the console's width (at least 12)
        int fw = Math.max(12, ConsoleText.WIDTH - (2 + cw + 1 + sw + 61));
        String row = "  %-" + cw + "s %-" + sw + "s %7s %7s %-" + fw + "s %7s %9s %9s %9s%n";
        StringBuilder b = new StringBuilder("matrix: client strategy × server model\n");
        b.append(String.format(Locale.ROOT, row, "client", "server", "clients", "ok", "failures", "wall s",
                "clients/s", "conn p99", "req p99"));
        for (Run r : runs) {
            String fail = HtmlReport.failures(r);
            b.append(String.format(Locale.ROOT, row, r.strategy().label(), r.serverModel().label(),
                    String.format(Locale.ROOT, "%,d", r.clients()), String.format(Locale.ROOT, "%,d", r.succeeded()),
                    fail.length() > fw ? fail.substring(0, fw - 1) + "…" : fail,
                    String.format(Locale.ROOT, "%.2f", r.wallSeconds()),
                    r.succeeded() == 0 ? "-" : String.format(Locale.ROOT, "%,.0f", r.clientsPerSecond()),
                    ms(r.connect().p99Ms()), ms(r.request().p99Ms())));
        }
        String used = "  %-" + cw + "s %-" + sw + "s %17s %17s %15s%n";
        b.append(String.format(Locale.ROOT, "%n" + used, "client", "server", "client plat/virt", "server plat/virt",
                "RSS MiB c/s"));
        for (Run r : runs) {
            ClientRun.Resources c = r.client() == null ? null : r.client().resources();
            b.append(String.format(Locale.ROOT, used, r.strategy().label(),
                    r.serverModel().label(), c == null ? "-" : c.peakPlatformThreads() + "/" + c.peakVirtualThreads(),
                    r.server() == null ? "-" : r.server().peakPlatformThreads() + "/" + r.server().peakVirtualThreads(),
                    (c == null ? "-" : Long.toString(c.peakRssBytes() >> 20)) + "/"
                            + (r.observed() == null || r.observed().serverPeakRssBytes() < 0 ? "-"
                                    : Long.toString(r.observed().serverPeakRssBytes() >> 20))));
        }
        return b.toString();
    }

    static String backlog(List<BacklogRow> rows) {
        StringBuilder b = new StringBuilder("backlog: N simultaneous clients (held until all are connected)\n");
        b.append(String.format(Locale.ROOT, "  %-9s %7s %7s %9s %6s %7s %9s %12s %10s %12s%n", "server", "backlog",
                "clients", "connected", "served", "refused", "conn t/o", "never served", "read t/o", "conn max ms"));
        for (BacklogRow r : rows) {
            b.append(String.format(Locale.ROOT, "  %-9s %7d %7d %9d %6d %7d %9d %12d %10d %12s%n", r.server().label(),
                    r.backlog(), r.clients(), r.connected(), r.served(), r.refused(), r.connectTimeouts(),
                    r.neverServed(), r.readTimeouts(), ms(r.run().connect().maxMs())));
        }
        for (BacklogRow r : rows) {
            b.append(String.format(Locale.ROOT, "%n  %s, %d clients: %s%n", r.server().label(), r.clients(),
                    r.verdict()));
        }
        return b.toString();
    }

    /**
     * The findings as a numbered list under "What this run shows", each wrapped to the console's 120 columns; empty
     * when there are none.
     */
    public static String findings(List<Findings.Finding> findings) {
        if (findings.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("What this run shows:\n");
        for (int i = 0; i < findings.size(); i++) {
            String number = (i + 1) + ". ";
            for (String line : ConsoleText.wrap(number + findings.get(i).text(), ConsoleText.WIDTH,
                    " ".repeat(number.length()))) {
                b.append(line).append('\n');
            }
        }
        return b.append('\n').toString();
    }

    /** The width of a column: its widest label, or its heading. */
    private static int width(String heading, List<String> labels) {
        return Math.max(heading.length(), labels.stream().mapToInt(String::length).max().orElse(0));
    }

    private static String ms(double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.2f", v);
    }
}
