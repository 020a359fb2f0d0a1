package timelab.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes a report folder: {@code report.json}, {@code report.html} and the two scripts that draw its charts
 * ({@link ChartPage}).
 */
public final class ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private ReportWriter() {}

    /** {@code reports/<UTC timestamp>} under {@code base}: where a report goes by default. */
    public static Path defaultFolder(Path base, Instant now) {
        return base.resolve(FOLDER.format(now));
    }

    /**
     * Makes the charts and writes {@code report.json}, {@code report.html} and the charts' scripts into {@code dir}.
     *
     * @return the report with its charts, as written
     */
    public static Report write(Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Report done = report.withCharts(Charts.of(report, dir));
        ChartPage.copyScripts(dir);
        Files.writeString(dir.resolve("report.json"), json(done), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), HtmlReport.render(done), StandardCharsets.UTF_8);
        return done;
    }

    /** The report as {@code report.json} holds it. */
    public static String json(Report report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
