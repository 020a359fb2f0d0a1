package timelab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import timelab.client.FailureKind;
import timelab.experiment.CurveResult;
import timelab.experiment.Prediction;
import timelab.experiment.Saturation;
import timelab.fork.JavaRuntime;
import timelab.server.ServerModel;
import timelab.work.Work;

/** The curve's report without a process: its JSON keeps each prediction beside its measurement, its HTML is valid. */
class CurveReportTest {

    private static final Prediction.Host HOST = new Prediction.Host(2, 2, 25);
    private static final Report.Jdks JDKS = Report.Jdks.of(JavaRuntime.current());

    private static CurveResult.Step step(double load, double throughput, double p99, long failed) {
        return new CurveResult.Step(load, throughput, Math.round(throughput * 4), p99 / 2, p99, p99, p99 * 1.5,
                p99 * 2, failed == 0 ? Map.of() : Map.of(FailureKind.READ_TIMEOUT, failed), 12, 0, 2, 3, 80L << 20,
                0.4, null);
    }

    private static CurveResult.ModelCurve curve(ServerModel model, Work work, List<CurveResult.Step> steps) {
        return new CurveResult.ModelCurve(model, Prediction.of(model, work, HOST, null),
                Saturation.of(steps.stream().map(s -> new Saturation.Point(s.load(), s.throughput(), s.p99Ms()))
                        .toList()), steps, null);
    }

    private static CurveResult result(CurveResult.Sweep sweep) {
        Work work = Work.parse("delay:50ms");
        return new CurveResult(work, null, sweep, 4, HOST, List.of(
                curve(new ServerModel.FixedPool(2), work, List.of(step(1, 19.8, 51, 0), step(2, 39.6, 52, 0),
                        step(4, 39.7, 101, 0), step(8, 39.5, 203, 2))),
                curve(new ServerModel.Virtual(), work, List.of(step(1, 19.9, 50, 0), step(2, 39.8, 50, 0),
                        step(4, 79.0, 51, 0), step(8, 158.1, 52, 0)))), null);
    }

    @Test
    void theJsonIsKindCurveWithEachPredictionBesideItsSaturationAndSteps(@TempDir Path dir) throws Exception {
        CurveReport.write(CurveReport.of("curve <&> test", "now", "timelab curve", ReportJsonShapeTest.MACHINE, JDKS,
                result(CurveResult.Sweep.CLIENTS), 1), dir);

        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("kind").asText()).isEqualTo("curve");
        assertThat(json.get("curve").get("sweep").asText()).isEqualTo("clients");
        JsonNode fixed = json.get("curve").get("models").get(0);
        assertThat(fixed.get("model").asText()).isEqualTo("fixed:2");
        assertThat(fixed.get("prediction").get("perSecond").asDouble()).isEqualTo(40.0);
        assertThat(fixed.get("prediction").get("resource").asText()).isEqualTo("the pool's 2 threads");
        assertThat(fixed.get("saturation").get("rule").asText()).isEqualTo("throughput stopped growing");
        assertThat(fixed.get("saturation").get("throughput").asDouble()).isEqualTo(39.7);
        assertThat(fixed.get("deviation").asDouble()).isNegative();
        assertThat(fixed.get("steps").get(3).get("failures").get("read-timeout").asLong()).isEqualTo(2);
        JsonNode virtual = json.get("curve").get("models").get(1);
        assertThat(virtual.get("prediction").has("perSecond")).isFalse();
        assertThat(virtual.get("saturation").get("rule").asText()).isEqualTo("none within the sweep");
    }

    @Test
    void theHtmlIsValidWithTheFindingsFirstAndEveryChartsOptionHoldingTheSteps(@TempDir Path dir) throws Exception {
        for (CurveResult.Sweep sweep : CurveResult.Sweep.values()) {
            Path folder = dir.resolve(sweep.label());
            CurveReport written = CurveReport.write(CurveReport.of("curve <&> test", "now", "timelab curve",
                    ReportJsonShapeTest.MACHINE, JDKS, result(sweep), 1), folder);

            Document html = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(folder.resolve("report.html").toFile());
            List<String> divs = ReportPages.chartIds(html);
            assertThat(divs).containsExactly("curve-throughput", "curve-p99", "curve-threads")
                    .containsExactlyElementsOf(written.charts().stream().map(Report.Chart::id).toList());
            Map<String, JsonNode> options = ReportChartsTest.options(html);
            assertThat(options.keySet()).containsExactlyElementsOf(divs);
            assertThat(folder.resolve(ChartPage.ECHARTS)).isRegularFile();
            assertThat(folder.resolve(ChartPage.INIT)).isRegularFile();
            JsonNode fixed = options.get("curve-throughput").at("/series/0");
            assertThat(fixed.get("name").asText()).isEqualTo("fixed:2");
            assertThat(fixed.get("data").toString()).as("(load, req/s) per step")
                    .isEqualTo("[[1.0,19.8],[2.0,39.6],[4.0,39.7],[8.0,39.5]]");
            JsonNode predicted = options.get("curve-throughput").get("series").get(2);
            assertThat(predicted.get("name").asText()).isEqualTo("fixed:2 predicted");
            assertThat(predicted.at("/lineStyle/type").asText()).isEqualTo("dashed");
            assertThat(predicted.at("/data/0/1").asDouble()).isEqualTo(40.0);
            assertThat(options.get("curve-p99").at("/yAxis/type").asText()).isEqualTo("log");
            String text = html.getDocumentElement().getTextContent();
            assertThat(text.indexOf("What this run shows")).isNotNegative().isLessThan(text.indexOf("Steps"));
            assertThat(text.indexOf("Machine")).isGreaterThan(text.indexOf("Steps"));
            assertThat(text).contains("fixed:2 saturated at 39.7 req/s with 2 " + sweep.unit());
        }
    }

    @Test
    void aReportOfAnotherKindIsRefused() {
        assertThatThrownBy(() -> new CurveReport(1, "matrix", "t", "now", "c", ReportJsonShapeTest.MACHINE, JDKS,
                result(CurveResult.Sweep.CLIENTS), List.of(), 1)).hasMessageContaining("kind");
    }
}
