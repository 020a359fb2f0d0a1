package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import timelab.ChildProcesses;
import timelab.app.ExitCode;
import timelab.report.ReportPages;

/**
 * {@code timelab curve} on the command line: bad flags, and a tiny real sweep (server and client child JVMs on
 * loopback). What is asserted is the shape of what it found — steps, predictions, a named rule — never speed.
 */
class CurveCommandTest {

    @AfterEach
    void everyProcessTheCurveStartedHasEnded() {
        ChildProcesses.assertNoneLeftBehind();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "curve --models platform,turbo",
        "curve --work nap:5ms",
        "curve --work delay:-5ms",
        "curve --work call:x0",
        "curve --work call:xx",
        "curve --max-clients 0",
        "curve --rates 10,5",
        "curve --rates ten",
        "curve --rates 10,20 --max-clients 4",
        "curve --step-duration 0s",
        "curve --max-duration forever",
        "curve --backend-work delay:5ms",
        "curve --work call --backend-work call:127.0.0.1:1",
        "curve --work call --backend-model turbo",
        "curve --java /no/such/jdk",
        "curve --frobnicate"
    })
    void badCurveFlagsAreAUsageErrorNamingTheFlag(String line) {
        CommandLineTest.Result r = CommandLineTest.run(line.split(" "));

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("Usage: timelab curve");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aTinyCurveStoresEachPredictionBesideItsStepsAndWritesAValidReport(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("curve");
        CommandLineTest.Result r = CommandLineTest.run("curve", "--models", "fixed:1,netty:1/nio", "--work",
                "delay:20ms", "--max-clients", "2", "--step-duration", "1s", "--report", report.toString());

        assertThat(r.code()).as(r.err()).isZero();
        CommandLineTest.assertFitsTheConsole(r.out());
        assertThat(CommandLineTest.unwrapped(r.out())).contains("What this run shows (delay:20ms):")
                .contains("fixed:1 ").contains("predicted 50.0 req/s")
                .contains("report: " + report.resolve("report.html").toAbsolutePath());
        List<String> lines = r.out().lines().toList();
        String header = lines.stream().filter(l -> l.startsWith("model ")).findFirst().orElseThrow();
        int predictedEnds = header.indexOf("predicted") + "predicted".length();
        assertThat(lines.stream().filter(l -> l.startsWith("fixed:1 ")).findFirst().orElseThrow()
                .indexOf("50.0/s") + "50.0/s".length()).as("fixed:1's prediction under its heading")
                .isEqualTo(predictedEnds);
        assertThat(lines.stream().filter(l -> l.startsWith("netty:1/nio ")).findFirst().orElseThrow()
                .indexOf("none by law") + "none by law".length()).as("netty:1/nio's, a wider label")
                .isEqualTo(predictedEnds);
        JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        assertThat(json.get("kind").asText()).isEqualTo("curve");
        assertThat(json.get("jdk").get("children").get("version").asText()).isEqualTo(System.getProperty(
                "java.version"));
        assertThat(json.get("curve").get("work").asText()).isEqualTo("delay:20ms");
        JsonNode models = json.get("curve").get("models");
        assertThat(models).hasSize(2);
        JsonNode fixed = models.get(0);
        assertThat(fixed.get("model").asText()).isEqualTo("fixed:1");
        assertThat(fixed.get("prediction").get("perSecond").asDouble()).isEqualTo(50.0);
        assertThat(fixed.get("prediction").get("resource").asText()).isEqualTo("the pool's 1 thread");
        assertThat(models.get(1).get("prediction").has("perSecond")).as("no law caps netty under delay").isFalse();
        for (JsonNode m : models) {
            assertThat(m.get("saturation").get("rule").asText()).isIn("throughput stopped growing",
                    "p99 left its low-load level", "none within the sweep");
            assertThat(m.get("steps")).hasSize(2);
            assertThat(m.get("steps").get(0).get("load").asDouble()).isEqualTo(1.0);
            assertThat(m.get("steps").get(1).get("load").asDouble()).isEqualTo(2.0);
            for (JsonNode step : m.get("steps")) {
                assertThat(step.get("requests").asLong()).as(m.get("model") + " answered requests").isPositive();
                assertThat(step.get("serverPlatformThreads").asLong()).isPositive();
                assertThat(step.has("error")).as(step.toString()).isFalse();
            }
        }
        Document html = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(report.resolve("report.html").toFile());
        List<String> charts = ReportPages.chartIds(html);
        assertThat(charts).hasSize(3).hasSameSizeAs(json.get("charts"));
        assertThat(report.resolve("echarts.min.js")).isRegularFile();
        assertThat(report.resolve("timelab-charts.js")).isRegularFile();
    }
}
