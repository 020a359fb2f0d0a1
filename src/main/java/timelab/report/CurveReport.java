package timelab.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import timelab.experiment.CurveResult;
import timelab.experiment.Machine;
import timelab.experiment.Saturation;

/**
 * What one {@code timelab curve} found: the contents of its {@code report.json} ({@code kind: curve}, schema
 * {@value #SCHEMA_VERSION}; 2 made each chart an interactive chart's option instead of a PNG file), each model's
 * prediction stored next to its measurement; {@link #write} also writes {@code report.html} and its charts.
 *
 * @param kind always {@code curve}: what kind of report this is
 * @param title what was run, in words
 * @param createdAt ISO-8601 instant
 * @param command the command line that produced it
 * @param machine the machine's facts and limits
 * @param jdk the JDK of the experiment's own process and the one its children were started on ({@code --java})
 * @param curve the curves
 * @param charts the charts, in reading order
 * @param seconds how long it all took
 */
public record CurveReport(int schemaVersion, String kind, String title, String createdAt, String command,
        Machine machine, Report.Jdks jdk, CurveResult curve, List<Report.Chart> charts, double seconds) {

    public static final int SCHEMA_VERSION = 2;
    public static final String KIND = "curve";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public CurveReport {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(curve, "curve");
        if (!KIND.equals(kind)) {
            throw new IllegalArgumentException("a curve report's kind is " + KIND + ", was " + kind);
        }
        charts = List.copyOf(charts);
    }

    /** A report of {@code curve}, without charts yet. */
    public static CurveReport of(String title, String createdAt, String command, Machine machine, Report.Jdks jdk,
            CurveResult curve, double seconds) {
        return new CurveReport(SCHEMA_VERSION, KIND, title, createdAt, command, machine, jdk, curve, List.of(),
                seconds);
    }

    /**
     * Makes the charts and writes {@code report.json}, {@code report.html} and the charts' scripts into {@code dir}.
     *
     * @return the report with its charts, as written
     */
    public static CurveReport write(CurveReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        CurveReport done = new CurveReport(report.schemaVersion, KIND, report.title, report.createdAt, report.command,
                report.machine, report.jdk, report.curve, CurveCharts.of(report.curve), report.seconds);
        ChartPage.copyScripts(dir);
        Files.writeString(dir.resolve("report.json"), json(done), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), CurveHtml.render(done), StandardCharsets.UTF_8);
        return done;
    }

    /** The report as {@code report.json} holds it. */
    public static String json(CurveReport report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** What the console shows: the findings in words, then one line per model; every line fitted to the console. */
    public static String console(CurveResult result) {
        return ConsoleTable.fit(consoleText(result));
    }

    private static String consoleText(CurveResult result) {
        StringBuilder out = new StringBuilder("\nWhat this run shows (" + result.work().label() + "):\n");
        for (CurveResult.ModelCurve m : result.models()) {
            out.append("  ").append(m.finding(result.sweep())).append('\n');
        }
        if (result.stopped() != null) {
            out.append("  stopped early: ").append(result.stopped()).append('\n');
        }
        int width = result.models().stream().mapToInt(m -> m.model().label().length()).max().orElse(0);
        String row = "%-" + Math.max(10, width) + "s %12s %12s %8s  %-28s %s%n";
        out.append('\n').append(String.format(Locale.ROOT, row, "model", "predicted", "measured", "off by", "rule",
                "at (" + result.sweep().unit() + ")"));
        for (CurveResult.ModelCurve m : result.models()) {
            Saturation s = m.saturation();
            out.append(String.format(Locale.ROOT, row, m.model().label(), m.prediction().predicts()
                    ? String.format(Locale.ROOT, "%.1f/s", m.prediction().perSecond()) : "none by law",
                    s.saturated() ? String.format(Locale.ROOT, "%.1f/s", s.throughput()) : "-",
                    m.deviation() == null ? "-" : String.format(Locale.ROOT, "%+.0f%%", m.deviation() * 100),
                    s.rule().words(), s.saturated() ? String.format(Locale.ROOT, "%.0f", s.load()) : "-"));
        }
        return out.toString();
    }
}
