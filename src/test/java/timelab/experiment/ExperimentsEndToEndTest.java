package timelab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import timelab.ChildProcesses;
import timelab.client.ClientStrategy;
import timelab.client.FailureKind;
import timelab.fork.JavaRuntime;
import timelab.fork.Jdk;
import timelab.report.Findings;
import timelab.report.Report;
import timelab.report.ReportPages;
import timelab.report.ReportWriter;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;

/**
 * The experiments for real: server and client child JVMs on loopback, tiny numbers. What is asserted is behaviour
 * (who got served, what was counted, what the report links), never speed.
 */
class ExperimentsEndToEndTest {

    static final Duration CONNECT = Duration.ofSeconds(5);
    static final Duration READ = Duration.ofSeconds(10);
    static final List<ClientStrategy> EVERY_STRATEGY = Stream.of("platform", "fixed:2", "cached", "virtual", "nio",
            "process:2/virtual").map(DiagnosisTest::strategy).toList();

    @AfterEach
    void everyProcessAnExperimentStartedHasEnded() {
        ChildProcesses.assertNoneLeftBehind();
    }

    @Test
    void theMatrixRunsEveryStrategyAgainstEveryModelAndCountsEachSide(@TempDir Path dir) throws Exception {
        List<ServerModel> models = ServerModel.all(2);
        MatrixExperiment.Plan plan = new MatrixExperiment.Plan(EVERY_STRATEGY, models, List.of(4), false, false,
                CONNECT, READ, JavaRuntime.current());
        List<Run> runs = MatrixExperiment.run(plan, dir, line -> { });

        assertThat(runs).hasSize(EVERY_STRATEGY.size() * models.size());
        for (Run r : runs) {
            assertThat(r.error()).as(r.strategy() + " → " + r.serverModel()).isNull();
            assertThat(r.succeeded()).as(r.strategy() + " → " + r.serverModel() + ": " + r.failures()).isEqualTo(4);
            assertThat(r.server().requests()).as("the server counted what the client sent").isEqualTo(4);
            assertThat(r.server().accepted()).isEqualTo(4);
            assertThat(Files.isRegularFile(dir.resolve(r.files().clientJson()))).isTrue();
            assertThat(List.of(r.server().jdk(), r.client().jdk())).as("each child says its JDK")
                    .containsOnly(Jdk.current());
        }
        assertThat(runs.stream().map(r -> r.serverModel().label()).distinct().toList())
                .containsExactlyElementsOf(models.stream().map(ServerModel::label).toList());
        assertThat(runs.stream().filter(r -> r.serverModel().label().equals("virtual")))
                .allSatisfy(r -> assertThat(r.server().peakVirtualThreads()).isPositive());
        assertThat(runs.stream().filter(r -> r.strategy().label().equals("virtual")))
                .allSatisfy(r -> assertThat(r.client().resources().peakVirtualThreads())
                        .as("not held: they may not overlap")
                        .isBetween(1L, 4L));
        assertThat(runs.stream().filter(r -> r.strategy().label().startsWith("process")))
                .allSatisfy(r -> assertThat(r.client().children().spawned()).isEqualTo(2));
    }

    @Test
    void aReportIsValidHtmlWhoseChartsMatchItsTablesAndWhoseFilesAllExist(@TempDir Path dir) throws Exception {
        MatrixExperiment.Plan plan = new MatrixExperiment.Plan(
                List.of(DiagnosisTest.strategy("virtual"), DiagnosisTest.strategy("platform")),
                List.of(new ServerModel.EventLoop(), new ServerModel.Virtual()), List.of(30), false, true, CONNECT,
                READ, JavaRuntime.current());
        List<Run> runs = MatrixExperiment.run(plan, dir, line -> { });
        Machine machine = Machine.current();
        List<BacklogRow> backlog = List.of(BacklogExperiment.row(runs.get(0), machine));
        Report report = ReportWriter.write(new Report(Report.SCHEMA_VERSION, "test <&> report", "now", "timelab test",
                machine, Report.Jdks.of(JavaRuntime.current()), runs, List.of(), backlog, List.of(), 1), dir);

        assertThat(report.charts()).extracting(Report.Chart::section).contains("matrix", "timeline", "backlog");
        Document html = parse(dir.resolve("report.html"));
        assertThat(ReportPages.chartIds(html)).containsExactlyInAnyOrderElementsOf(report.charts().stream()
                .map(Report.Chart::id).toList());
        assertThat(attributes(html, "script", "src").stream().filter(src -> !src.isEmpty()).toList())
                .containsExactly("echarts.min.js", "timelab-charts.js")
                .allSatisfy(src -> assertThat(dir.resolve(src)).isRegularFile().isNotEmptyFile());
        for (Run r : runs) {
            JsonNode option = report.charts().stream().filter(c -> c.section().equals("timeline")
                    && c.title().startsWith(r.strategy().label() + " client → " + r.serverModel().label() + " "))
                    .findFirst().orElseThrow().option();
            // the events and the counters are stamped microseconds apart (the counter first, at open and at
            // close): under churn the events may overlap by a connection or two more; a sampled line fell short
            long connections = r.server().peakConnections();
            assertThat(peak(option, "server", "connections")).as("connections of " + r.serverModel()
                    + " over time as in the table").isBetween(connections, connections + 1 + connections / 50);
            long virtual = r.server().peakVirtualThreads();
            assertThat(peak(option, "server", "virtual threads")).as("virtual threads of " + r.serverModel()
                    + " over time as in the table").isBetween(virtual, virtual + 1 + virtual / 50);
        }
        List<String> links = attributes(html, "a", "href");
        assertThat(links).contains("report.json").anyMatch(l -> l.endsWith("-server.jfr"))
                .anyMatch(l -> l.endsWith("-client.jfr")).anyMatch(l -> l.startsWith("runs/"));
        for (String href : links) {
            if (href.startsWith("#")) {
                assertThat(ids(html)).as("an element for " + href).contains(href.substring(1));
            } else {
                assertThat(dir.resolve(href)).as(href).isRegularFile();
            }
        }
        assertThat(Files.readString(dir.resolve("report.html"))).contains("test &lt;&amp;&gt; report");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(Report.SCHEMA_VERSION);
        assertThat(json.get("matrix")).hasSize(4);
        assertThat(json.get("charts")).hasSameSizeAs(report.charts());
        theFindingsLeadAndSayWhatTheServersThreadsDid(Files.readString(dir.resolve("report.html")), report);
    }

    private static void theFindingsLeadAndSayWhatTheServersThreadsDid(String page, Report report) {
        assertThat(page.indexOf("<h2>What this run shows</h2>")).as("the findings come first").isPositive()
                .isLessThan(page.indexOf("id=\"matrix\""));
        assertThat(page.indexOf("id=\"machine\"")).as("the machine table comes last")
                .isGreaterThan(page.indexOf("id=\"backlog\""));
        assertThat(page).doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d").as("no fractions of a second");
        List<Findings.Finding> findings = Findings.headline(report);
        assertThat(findings).hasSizeBetween(3, 6);
        Run.Server virtual = report.matrix().stream().filter(r -> r.serverModel().label().equals("virtual"))
                .map(Run::server).max(Comparator.comparingLong(Run.Server::peakConnections)).orElseThrow();
        assertThat(findings.getFirst().text()).as("held connections: one virtual thread each").contains(
                String.format(Locale.ROOT, "virtual ran a virtual thread per connection (%,d virtual threads at a "
                        + "peak of %,d connections) on only %,d platform threads", virtual.peakVirtualThreads(),
                        virtual.peakConnections(), virtual.peakPlatformThreads()));
        for (Findings.Finding f : findings) {
            assertThat(page).contains(f.text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("'", "&#39;"));
        }
    }

    @Test
    void theBottleneckServesOnlyWhatItsQueueHoldsWhilePlatformAndNioServeEveryone(@TempDir Path dir)
            throws Exception {
        Machine machine = Machine.current();
        List<BacklogRow> rows = BacklogExperiment.run(new BacklogExperiment.Plan(List.of(10), 1,
                Duration.ofSeconds(2), Duration.ofSeconds(4), JavaRuntime.current()), machine, dir, line -> { });

        assertThat(rows).extracting(r -> r.server().label()).containsExactly("single", "platform", "nio");
        BacklogRow single = rows.get(0);
        assertThat(single.backlog()).isEqualTo(1);
        long cookies = single.run().kernel().getOrDefault("SyncookiesSent", 0L);
        assertThat(single.served() < 10 || cookies > 0)
                .as("the single thread waits on the first held client, so the queue (backlog + 1) fills: only SYN "
                        + "cookies can get all 10 in (served %d, cookies %d)", single.served(), cookies).isTrue();
        assertThat(single.served()).isPositive();
        assertThat(single.served() + single.refused() + single.connectTimeouts() + single.neverServed()
                + single.readTimeouts() + single.otherFailures()).isEqualTo(10);
        assertThat(single.otherFailures()).as(single.run().failures().toString()).isZero();
        assertThat(single.verdict()).contains("accept-queue overflows");
        if (!machine.os().isEmpty() && single.run().kernel().containsKey("ListenOverflows")) {
            assertThat(single.run().kernel().get("ListenOverflows")).as("the kernel saw the full queue").isPositive();
        }
        for (BacklogRow r : rows.subList(1, 3)) {
            assertThat(r.served()).as(r.server() + ": " + r.run().failures()).isEqualTo(10);
            assertThat(r.verdict()).startsWith("All 10 were served");
        }
        List<Findings.Finding> findings = Findings.backlog(rows, machine);
        assertThat(Findings.headline(new Report(Report.SCHEMA_VERSION, "backlog", "now", "timelab backlog", machine,
                Report.Jdks.of(JavaRuntime.current()), List.of(), List.of(), rows, List.of(), 1)))
                .as("the backlog alone leads with a finding per crowd").isEqualTo(findings);
        assertThat(findings.get(1).text()).isEqualTo("platform with backlog 4,096 served all 10 simultaneous clients.");
        if (single.served() < 10) {
            assertThat(findings.getFirst().text()).startsWith(String.format(Locale.ROOT,
                    "single with backlog 1 lost %d of 10 impatient clients (", 10 - single.served()));
        }
    }

    @Test
    void theLimitSearchFindsTheServersConnectionCapAndNamesIt(@TempDir Path dir) throws Exception {
        LimitExperiment.Plan plan = new LimitExperiment.Plan(DiagnosisTest.strategy("virtual"),
                new ServerUnderTest.Child(new ServerModel.Virtual()), 1_000,
                Duration.ofMinutes(3), CONNECT, READ, ServerProcess.defaults(new ServerModel.Virtual())
                        .withServer(ServerOptions.loopback(new ServerModel.Virtual()).withMaxConnections(150)),
                JavaRuntime.current(), "--max-duration");
        LimitResult result = LimitExperiment.run(plan, Machine.current(), dir, line -> { });

        assertThat(result.maximum()).isEqualTo(150);
        assertThat(result.stop()).isEqualTo(LimitSearch.Stop.CONVERGED);
        assertThat(result.resource()).isEqualTo(Resource.SERVER_CONNECTIONS);
        assertThat(result.reason()).contains("--max-connections of 150");
        assertThat(result.firstBad().clients()).isEqualTo(151);
        assertThat(result.steps()).extracting(Run::clients).startsWith(100, 200);
        assertThat(result.steps())
                .allSatisfy(r -> assertThat(r.failed() == 0 || r.failures(FailureKind.BUSY) > 0).isTrue());
    }

    /** Every {@code id} the page gives an element. */
    static List<String> ids(Document html) {
        List<String> ids = new ArrayList<>();
        NodeList all = html.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            String id = ((Element) all.item(i)).getAttribute("id");
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The highest value of the series {@code name} in the grid titled {@code side …} of a timeline chart. */
    static long peak(JsonNode option, String side, String name) {
        int grid = -1;
        for (int i = 0; i < option.get("title").size(); i++) {
            if (option.get("title").get(i).get("text").asText().startsWith(side + " ")) {
                grid = i;
            }
        }
        long peak = -1;
        for (JsonNode s : option.get("series")) {
            if (s.get("xAxisIndex").asInt() == grid && s.get("name").asText().equals(name)) {
                for (JsonNode point : s.get("data")) {
                    peak = Math.max(peak, point.get(1).asLong());
                }
            }
        }
        return peak;
    }

    static Document parse(Path html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(html.toFile());
    }

    static List<String> attributes(Document d, String tag, String attribute) {
        NodeList nodes = d.getElementsByTagName(tag);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(((Element) nodes.item(i)).getAttribute(attribute));
        }
        return values;
    }

}
