package timelab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import timelab.app.ConsoleText;
import timelab.app.Evidence;
import timelab.app.ExitCode;
import timelab.measure.JfrSummary;
import timelab.measure.PinnedSummary;
import timelab.measure.RecordingSummary;
import timelab.measure.RequestSummary;
import timelab.report.SummaryChart;
import timelab.measure.Timeline;

/** {@code timelab jfr …}: works with the JFR recordings of {@code --jfr}. */
@Command(name = "jfr",
        mixinStandardHelpOptions = true,
        description = "Works with JFR recordings (from --jfr, or jcmd JFR.start/JFR.dump).",
        subcommands = {JfrCommand.Summary.class})
final class JfrCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: jfr summary FILE...");
    }

    /** {@code timelab jfr summary FILE…}. */
    @Command(name = "summary",
            mixinStandardHelpOptions = true,
            description = {
                "Sums up recordings: what they say in words first, then platform threads (peak, mean), virtual "
                        + "threads (timelab's count cross-checked with the JFR start/end balance), pinned virtual "
                        + "threads with the code that pinned them, connections, the server's requests by model and "
                        + "work (p50/p90/p99/max of time queued, in work and in all) and the client's requests.",
                "Draws connections, platform and virtual threads over time into one PNG, one plot per side of "
                        + "each recording (a client and its server one above the other, on one clock)."
            })
    static final class Summary implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "JFR recordings (.jfr)")
        List<Path> files;

        @Option(names = "--json", description = "print the summary as JSON (the chart path is in it)")
        boolean json;

        @Option(names = "--chart", paramLabel = "PNG",
                description = "where to write the chart (default: next to the first recording, .jfr -> .png)")
        Path chart;

        @Option(names = "--no-chart", description = "do not draw the chart")
        boolean noChart;

        @Override
        public Integer call() throws IOException {
            List<JfrSummary.Analysis> analyses = new ArrayList<>();
            for (Path f : files) {
                analyses.add(JfrSummary.read(f));
            }
            Path png = null;
            if (!noChart) {
                List<Timeline> timelines = analyses.stream().flatMap(a -> a.timelines().stream()).toList();
                png = SummaryChart.write(timelines, "timelab: connections, platform and virtual threads over time",
                        chart != null ? chart : defaultChart(files));
            }
            PrintWriter out = spec.commandLine().getOut();
            List<RecordingSummary> summaries = analyses.stream().map(JfrSummary.Analysis::summary).toList();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("recordings", summaries);
                doc.put("chart", png == null ? null : png.toString());
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            } else {
                for (RecordingSummary s : summaries) {
                    text(s).lines().forEach(l -> out.println(ConsoleText.fit(l)));
                    out.println();
                }
                if (png != null) {
                    out.println("chart: " + png);
                }
            }
            out.flush();
            return ExitCode.OK.code();
        }

        static Path defaultChart(List<Path> files) {
            String first = Evidence.sibling(files.get(0), "").getFileName().toString();
            String more = files.size() > 1 ? "-and-" + (files.size() - 1) + "-more" : "";
            return files.get(0).resolveSibling(first + more + ".png");
        }
    }

    /** The text form of one recording's summary. */
    static String text(RecordingSummary s) {
        StringBuilder b = new StringBuilder();
        b.append("recording ").append(s.file()).append('\n');
        s.findings().forEach(f -> b.append("  * ").append(f).append('\n'));
        line(b, "side", s.sides().isEmpty() ? "none (no timelab.Concurrency events)"
                : String.join(", ", s.sides()) + (s.labels().isEmpty() ? "" : "; model/strategy "
                        + String.join(" -> ", s.labels())));
        line(b, "jvm", s.jvm().isEmpty() ? "unknown (no jdk.JVMInformation)" : s.jvm());
        if (!s.command().isEmpty()) {
            line(b, "command", s.command());
        }
        line(b, "span", s.seconds() + " s from " + s.start());
        RecordingSummary.PlatformThreads p = s.platformThreads();
        line(b, "platform threads", p.samples() == 0 ? "no jdk.JavaThreadStatistics events"
                : "peak " + p.peak() + ", mean " + p.mean() + " (" + p.samples()
                        + " samples of jdk.JavaThreadStatistics; JVM peak counter " + p.jvmPeak() + ")");
        RecordingSummary.VirtualThreads v = s.virtualThreads();
        line(b, "virtual threads", (v.countedPeak() < 0 ? "not counted (no timelab.Concurrency events)"
                : "peak " + v.countedPeak() + " counted by timelab (max in a sample " + v.sampledMax() + ")"));
        line(b, "  JFR balance", v.balancePeak() < 0 ? "no jdk.VirtualThreadStart/End events (off in the settings)"
                : v.started() + " started, " + v.ended() + " ended; peak alive at least " + v.appBalancePeak()
                        + (v.jdkInternalStarted() > 0 ? " (" + v.balancePeak() + " with the JDK's own)" : "")
                        + "; by name " + counts(v.startedByName()));
        line(b, "  check", v.check());
        pinned(b, s.pinned());
        RecordingSummary.Connections c = s.connections();
        if (c.count() > 0 || c.peakActive() >= 0) {
            line(b, "connections", c.count() + " served (timelab.Connection), " + c.requests() + " requests; peak "
                    + (c.peakActive() < 0 ? "?" : c.peakActive()) + " open at once; open " + c.meanMillis()
                    + " ms mean, " + c.maxMillis() + " ms max");
            line(b, "  by model", counts(c.byModel()));
            line(b, "  ended", counts(c.byReason()));
        }
        RequestTable.append(b, s.serverRequests());
        RecordingSummary.ClientRequests r = s.clientRequests();
        if (r.count() > 0 || r.peakActive() >= 0) {
            line(b, "client requests", r.count() + " (timelab.ClientRequest); peak "
                    + (r.peakActive() < 0 ? "?" : r.peakActive()) + " connections at once; connect "
                    + r.meanConnectMillis() + " ms mean, " + r.maxConnectMillis() + " ms max; request "
                    + r.meanRequestMillis() + " ms mean, " + r.maxRequestMillis() + " ms max");
            line(b, "  outcomes", counts(r.byOutcome()));
            line(b, "  by strategy", counts(r.byStrategy()));
        }
        if (s.peakOpenFds() >= 0) {
            line(b, "open fds", "peak " + s.peakOpenFds());
        }
        return b.toString();
    }

    private static void pinned(StringBuilder b, PinnedSummary pin) {
        line(b, "pinned", pin.count() == 0 ? "none (jdk.VirtualThreadPinned)"
                : pin.count() + " events, " + pin.totalMillis() + " ms in all, longest " + pin.maxMillis() + " ms");
        String key = "  by code";
        for (PinnedSummary.Frame f : pin.topFrames()) {
            line(b, key, String.format(Locale.ROOT, "%,d × %s ms at %s", f.count(),
                    RequestSummary.millis(f.totalMillis()), f.frame()));
            key = "";
        }
        key = "  stacks";
        for (PinnedSummary.Site site : pin.topSites()) {
            line(b, key, String.format(Locale.ROOT, "%,d × %s ms%s at %s", site.count(),
                    RequestSummary.millis(site.totalMillis()), site.reason().isEmpty() ? "" : " (" + site.reason()
                            + ")", site.frames().isEmpty() ? "(no stack trace)" : String.join(" <- ", site.frames())));
            key = "";
        }
    }

    static void line(StringBuilder b, String key, String value) {
        b.append(String.format("  %-17s %s%n", key, value));
    }

    private static String counts(Map<String, Long> m) {
        return m.isEmpty() ? "none" : m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
