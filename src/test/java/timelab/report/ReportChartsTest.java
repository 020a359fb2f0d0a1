package timelab.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import timelab.client.ClientRun;
import timelab.experiment.BacklogRow;
import timelab.experiment.LimitResult;
import timelab.experiment.LimitSearch;
import timelab.experiment.Run;

/**
 * A report folder as {@link ReportWriter} writes it: the ECharts script next to the page, one chart element per chart
 * with its option as JSON, and every option's series holding the report's own numbers.
 */
class ReportChartsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shape test's report, its second limit search cut short by time. */
    static Report report() {
        Report r = ReportJsonShapeTest.report();
        LimitResult converged = r.limits().get(0);
        LimitResult cut = r.limits().get(1);
        List<LimitResult> limits = List.of(converged, new LimitResult(cut.strategy(), cut.serverModel(), 1_000,
                LimitSearch.Stop.TIME, null, cut.resource(), "time ran out", cut.steps(), 20));
        return new Report(Report.SCHEMA_VERSION, r.title(), r.createdAt(), r.command(), r.machine(), r.jdk(),
                r.matrix(), limits, r.backlog(), List.of(), r.seconds());
    }

    @Test
    void theFolderCarriesEChartsAndEveryChartElementHasItsOption(@TempDir Path dir) throws Exception {
        Report written = ReportWriter.write(report(), dir);

        assertThat(dir.resolve(ChartPage.ECHARTS)).isRegularFile();
        assertThat(Files.size(dir.resolve(ChartPage.ECHARTS))).as("the whole minified library").isGreaterThan(500_000);
        assertThat(Files.readString(dir.resolve(ChartPage.INIT))).contains("echarts.init");
        Document html = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("report.html").toFile());
        assertThat(attributes(html, "script", "src")).containsExactly(ChartPage.ECHARTS, ChartPage.INIT);

        List<String> divs = ReportPages.chartIds(html);
        Map<String, JsonNode> options = options(html);
        assertThat(divs).isNotEmpty().doesNotHaveDuplicates()
                .containsExactlyElementsOf(written.charts().stream().map(Report.Chart::id).toList());
        assertThat(options.keySet()).containsExactlyElementsOf(divs);
        JsonNode json = JSON.readTree(dir.resolve("report.json").toFile()).get("charts");
        for (int i = 0; i < written.charts().size(); i++) {
            Report.Chart chart = written.charts().get(i);
            assertThat(options.get(chart.id()).toString()).as(chart.id() + ": page, record, report.json")
                    .isEqualTo(chart.option().toString()).isEqualTo(json.get(i).get("option").toString());
            assertThat(chart.option().at("/series").size()).as(chart.id() + " has series").isPositive();
        }
    }

    @Test
    void everyChartsSeriesHoldTheReportsNumbers(@TempDir Path dir) throws Exception {
        Report report = report();
        ReportWriter.write(report, dir);
        Map<String, JsonNode> options = options(DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("report.html").toFile()));
        Run run = report.matrix().get(0);
        String cell = "matrix-" + run.clients();

        JsonNode rate = options.get(cell + "-rate");
        assertThat(rate.at("/yAxis/data/0").asText()).isEqualTo(run.strategy().label());
        assertThat(rate.at("/series/0/name").asText()).isEqualTo("server " + run.serverModel().label());
        assertThat(rate.at("/series/0/data/0").asDouble()).isEqualTo(run.clientsPerSecond());

        JsonNode latency = options.get(cell + "-" + Charts.idSafe(run.serverModel().label()) + "-request-latency");
        ClientRun.Latency l = run.request();
        assertThat(values(latency, 0)).as("unknown (-1): no bar").containsExactly(known(l.p50Ms()),
                known(l.p90Ms()), known(l.p99Ms()), known(l.maxMs()));
        assertThat(options.get(cell + "-connect-p99").at("/series/0/data/0/0").asDouble()).as("[value, category]")
                .isEqualTo(run.connect().p99Ms());
        assertThat(values(options.get(cell + "-server-threads"), 0)).containsExactly(
                (double) run.server().peakPlatformThreads(), (double) run.server().peakVirtualThreads(),
                (double) run.observed().serverPeakOsThreads());
        ClientRun.Resources c = run.client().resources();
        assertThat(values(options.get(cell + "-client-threads"), 0)).containsExactly((double) c.peakPlatformThreads(),
                (double) c.peakVirtualThreads(), (double) c.peakOsThreads());

        BacklogRow row = report.backlog().get(0);
        assertThat(values(options.get("backlog"), 0)).containsExactly((double) row.served(),
                (double) row.connectTimeouts(), (double) row.neverServed(), (double) row.refused(),
                (double) row.readTimeouts() + row.otherFailures());
    }

    @Test
    void aLimitSearchCutShortIsDrawnAsALowerBoundAndAConvergedOneAsTheMaximum(@TempDir Path dir) throws Exception {
        ReportWriter.write(report(), dir);
        JsonNode limit = options(DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("report.html").toFile())).get("limit");

        JsonNode maximum = limit.at("/series/0");
        JsonNode bound = limit.at("/series/1");
        assertThat(maximum.get("name").asText()).startsWith("maximum");
        assertThat(maximum.at("/data/0/value").asInt()).isEqualTo(7);
        assertThat(maximum.at("/data/0/label/formatter").asText()).isEqualTo("7 (maximum)");
        assertThat(maximum.at("/data/1").isNull()).as("a search cut short is never a maximum").isTrue();
        assertThat(bound.get("name").asText()).contains("lower bound, not a limit");
        assertThat(bound.at("/data/0").isNull()).isTrue();
        assertThat(bound.at("/data/1/value").asInt()).isEqualTo(1_000);
        assertThat(bound.at("/data/1/label/formatter").asText()).isEqualTo("≥ 1,000, not a limit (cut short by time)");
        assertThat(bound.at("/itemStyle/decal").isObject()).as("hatched").isTrue();
    }

    /**
     * The value of category {@code category} in each series, in series order (a bar's value, or a dot's
     * {@code [value, category]}); null where there is no bar or dot.
     */
    private static List<Double> values(JsonNode option, int category) {
        List<Double> out = new ArrayList<>();
        for (JsonNode s : option.get("series")) {
            JsonNode v = s.get("data").get(category);
            if (v.isArray()) {
                assertThat(v.get(1).asInt()).isEqualTo(category);
                v = v.get(0);
            }
            out.add(v.isNull() ? null : v.asDouble());
        }
        return out;
    }

    private static Double known(double v) {
        return v < 0 ? null : v;
    }

    /** Each chart's option, by the id of the chart it belongs to. */
    static Map<String, JsonNode> options(Document html) throws Exception {
        Map<String, JsonNode> options = new LinkedHashMap<>();
        NodeList scripts = html.getElementsByTagName("script");
        for (int i = 0; i < scripts.getLength(); i++) {
            Element s = (Element) scripts.item(i);
            if (s.getAttribute("type").equals("application/json")) {
                options.put(s.getAttribute("data-chart"), JSON.readTree(s.getTextContent()));
            }
        }
        return options;
    }

    private static List<String> attributes(Document html, String tag, String attribute) {
        List<String> out = new ArrayList<>();
        NodeList nodes = html.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            String v = ((Element) nodes.item(i)).getAttribute(attribute);
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }
}
