package timelab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import timelab.ChildProcesses;
import timelab.client.ClientStrategy;
import timelab.experiment.BacklogExperiment;
import timelab.experiment.BacklogRow;
import timelab.experiment.CurveExperiment;
import timelab.experiment.CurveResult;
import timelab.experiment.LimitExperiment;
import timelab.experiment.LimitResult;
import timelab.experiment.Machine;
import timelab.experiment.MatrixExperiment;
import timelab.experiment.Prediction;
import timelab.experiment.Run;
import timelab.experiment.ServerProcess;
import timelab.experiment.ServerUnderTest;
import timelab.fork.JavaRuntime;
import timelab.server.ServerModel;
import timelab.work.Work;

/**
 * The report as a reader sees it: {@code scripts/check-report} renders a report in headless Chromium at 1024 and
 * 1400 px with every {@code <details>} open. A report written by the experiments for real (server and client child
 * JVMs on loopback, JFR on both sides, a limit search cut short by time, the backlog, a curve) passes it; a page with
 * one defect fails it, naming the defect. Skipped, with the reason, where no Chromium is installed.
 */
class ReportInBrowserTest {

    private static final Path CHECK = Path.of("scripts", "check-report").toAbsolutePath();
    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration READ = Duration.ofSeconds(5);

    /** A page that fits at 1024 px, whose image and links all resolve: each bad page is this plus one defect. */
    private static final String GOOD = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><title>page</title></head><body>
            <h1>A page</h1><p id="top"><a href="#top">top</a> · <a href="data.json">data</a></p>
            <img src="chart.png" alt="a chart"/>
            <details><summary>more</summary><div style="width:900px">fits at 1024 px</div></details>
            <script src="echarts.min.js"></script><div class="chart" id="fits" style="height:240px"></div>
            <script>echarts.init(document.getElementById('fits')).setOption({title: {text: 'A title'},
            legend: {right: 0}, grid: {left: 50, right: 20, top: 50, bottom: 50}, xAxis: {type: 'category',
            data: ['a', 'b'], name: 'an axis', nameLocation: 'middle', nameGap: 25}, yAxis: {}, series: [{name:
            'a series', type: 'bar', data: [1, 2]}]});</script>
            %s
            </body></html>
            """;

    /** What the check printed and how it ended. */
    record Checked(int exit, String output) {}

    /** A page with one defect, and what the check must say about it. */
    record BadPage(String defect, String html, String said) {
        @Override
        public String toString() {
            return defect;
        }
    }

    static void assumeABrowser() {
        assumeTrue(browser().isPresent(), "no Chromium (an executable $CHROMIUM, or chromium, chromium-browser, "
                + "google-chrome on PATH): the report cannot be checked in a browser here");
    }

    @AfterEach
    void everyProcessTheTestStartedHasEnded() {
        ChildProcesses.assertNoneLeftBehind();
    }

    @Test
    void aReportOfRealRunsReadsAt1024And1400PxWithEveryImageLinkAndChartInPlace(@TempDir Path dir) throws Exception {
        assumeABrowser();
        Instant started = Instant.now();
        JavaRuntime java = JavaRuntime.current();
        Machine machine = Machine.current();
        List<Run> matrix = MatrixExperiment.run(new MatrixExperiment.Plan(
                List.of(new ClientStrategy.PlatformThreads(), new ClientStrategy.VirtualThreads()),
                List.of(new ServerModel.Platform(), new ServerModel.EventLoop()), List.of(20), false, true, CONNECT,
                READ, java), dir, line -> { });
        LimitResult limit = LimitExperiment.run(new LimitExperiment.Plan(new ClientStrategy.VirtualThreads(),
                new ServerUnderTest.Child(new ServerModel.EventLoop()), 50_000, Duration.ofSeconds(1), CONNECT, READ,
                ServerProcess.defaults(new ServerModel.EventLoop()), java, "--limit-time"), machine, dir, line -> { });
        List<BacklogRow> backlog = BacklogExperiment.run(new BacklogExperiment.Plan(List.of(5), 1,
                Duration.ofSeconds(1), Duration.ofSeconds(2), java), machine, dir, line -> { });
        ReportWriter.write(new Report(Report.SCHEMA_VERSION, "timelab test: the report in a browser",
                started.toString(), "timelab test", machine, Report.Jdks.of(java), matrix, List.of(limit), backlog,
                List.of(), Duration.between(started, Instant.now()).toMillis() / 1000.0), dir);
        ServerModel pool = new ServerModel.FixedPool(1);
        CurveResult curve = CurveExperiment.run(new CurveExperiment.Plan(List.of(pool), Work.parse("delay:10ms"),
                null, CurveResult.Sweep.CLIENTS, List.of(1.0, 2.0), Duration.ofSeconds(1), Duration.ofSeconds(20),
                Prediction.Host.on(java.jdk()), ServerProcess.defaults(pool), CONNECT, READ, true, java),
                dir.resolve("curve"), line -> { });
        CurveReport.write(CurveReport.of("timelab test: a curve in a browser", started.toString(), "timelab test",
                machine, Report.Jdks.of(java), curve, 1), dir.resolve("curve"));

        Checked checked = check(dir);

        assertThat(checked.output()).as("what the browser found").contains("report OK at 1024 px and 1400 px")
                .contains("curve/report.html");
        assertThat(checked.exit()).isZero();
        try (Stream<Path> left = Files.walk(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the check's copies are gone")
                    .noneMatch(name -> name.startsWith(".check-report"));
        }
    }

    @Test
    void aPageThatFitsLoadsAndLinksOnlyWhatExistsPasses(@TempDir Path dir) throws Exception {
        assumeABrowser();
        Checked checked = check(page(dir, GOOD.formatted("")));

        assertThat(checked.output()).contains("report OK at 1024 px and 1400 px");
        assertThat(checked.exit()).isZero();
    }

    static Stream<BadPage> badPages() {
        return Stream.of(
                new BadPage("a table wider than 1024 px", "<h2>Wide</h2><table id=\"wide\"><tr>"
                        + "<td style=\"min-width:1300px\">cell</td></tr></table>", "report.html at 1024 px: "
                        + "table#wide \"cell\" under \"Wide\" is 1"),
                new BadPage("a box that scrolls sideways at 1400 px", "<div id=\"box\" style=\"overflow-x:auto;"
                        + "width:500px\"><div style=\"width:800px\">wide</div></div>", "report.html at 1400 px: "
                        + "div#box \"wide\" under \"A page\" scrolls horizontally: 800 px of content in 500 px"),
                new BadPage("a link to a file that is not there", "<a href=\"runs/gone.json\">gone</a>",
                        "broken link: a \"gone\" under \"A page\" href=\"runs/gone.json\": no such file"),
                new BadPage("a link to a fragment no element has", "<a href=\"#nowhere\">nowhere</a>",
                        "broken link: a \"nowhere\" under \"A page\" href=\"#nowhere\": no element has that id"),
                new BadPage("a missing image", "<img src=\"charts/gone.png\" alt=\"gone\"/>",
                        "missing image: img under \"A page\" src=\"charts/gone.png\""),
                new BadPage("a script that is not there", "<script src=\"gone.js\"></script>",
                        "report.html: could not load script gone.js"),
                new BadPage("a JavaScript error", "<script>\nnoSuchFunction();\n</script>",
                        "JavaScript error: Uncaught ReferenceError: noSuchFunction is not defined (report.html:11)"),
                new BadPage("a chart's axis name cut off", chart("{grid: {bottom: 0}, xAxis: {type: 'category', "
                        + "data: ['a'], name: 'cut off', nameLocation: 'middle', nameGap: 30}, yAxis: {}, "
                        + "series: [{type: 'bar', data: [1]}]}"), "div#drawn.chart under \"A page\": \"cut off\" is "
                        + "cut off at the bottom"),
                new BadPage("a chart's title under its legend", chart("{title: {text: 'A title'}, legend: {left: 0}, "
                        + "xAxis: {type: 'category', data: ['a']}, yAxis: {}, series: [{name: 'a series', "
                        + "type: 'bar', data: [1]}]}"), "div#drawn.chart under \"A page\": \"a series\" and "
                        + "\"A title\" overlap"),
                new BadPage("a chart that drew nothing", "<div class=\"chart\" id=\"empty\" style=\"height:200px\">"
                        + "</div>", "div#empty.chart under \"A page\" (1008 px × 200 px) has no drawn canvas or svg"));
    }

    /** An ECharts chart of {@code option} (a JavaScript object), drawn with the script a report carries. */
    private static String chart(String option) {
        return "<div class=\"chart\" id=\"drawn\" style=\"height:200px\"></div>"
                + "<script>echarts.init(document.getElementById('drawn')).setOption(" + option + ");</script>";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPages")
    void aPageWithOneDefectFailsAndTheCheckSaysWhatAndWhere(BadPage bad, @TempDir Path dir) throws Exception {
        assumeABrowser();
        Checked checked = check(page(dir, GOOD.formatted(bad.html())));

        assertThat(checked.output()).contains(bad.said()).doesNotContain("report OK");
        assertThat(checked.exit()).isEqualTo(1);
    }

    @Test
    void aFolderWithoutAReportIsAUsageError(@TempDir Path dir) throws Exception {
        Checked checked = check(dir);

        assertThat(checked.output()).contains("has no report.html");
        assertThat(checked.exit()).isEqualTo(2);
    }

    @Test
    void withoutAChromiumTheCheckSaysSoInOneLineAndExits2(@TempDir Path dir) throws Exception {
        Path bash = onPath("bash").orElseThrow();
        Path empty = Files.createDirectory(dir.resolve("bin"));
        page(dir, GOOD.formatted(""));
        ProcessBuilder noBrowser = new ProcessBuilder(bash.toString(), CHECK.toString(), dir.toString());
        noBrowser.environment().put("PATH", empty.toString());
        noBrowser.environment().remove("CHROMIUM");

        Checked checked = run(noBrowser);

        assertThat(checked.output()).isEqualTo("check-report: no Chromium found (looked for chromium, "
                + "chromium-browser, google-chrome on PATH); install one, e.g. 'apt-get install chromium', or set "
                + "CHROMIUM=/path/to/chrome\n");
        assertThat(checked.exit()).isEqualTo(2);
    }

    private static Path page(Path dir, String html) throws IOException {
        Files.writeString(dir.resolve("report.html"), html, StandardCharsets.UTF_8);
        ImageIO.write(new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB), "png",
                dir.resolve("chart.png").toFile());
        Files.writeString(dir.resolve("data.json"), "{}\n", StandardCharsets.UTF_8);
        ChartPage.copyScripts(dir);
        return dir;
    }

    /** Runs {@code scripts/check-report dir}. */
    private static Checked check(Path dir) throws IOException, InterruptedException {
        return run(new ProcessBuilder(CHECK.toString(), dir.toString()));
    }

    /** Runs the check, bounded: the script bounds each browser run to 60 s. */
    private static Checked run(ProcessBuilder check) throws IOException, InterruptedException {
        Path out = Files.createTempFile("check-report", ".txt");
        Process p = check.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("the check ended within 4 minutes").isTrue();
            return new Checked(p.exitValue(), Files.readString(out));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    /** The browser the check will use: {@code $CHROMIUM}, or the first of those it looks for on the {@code PATH}. */
    static Optional<Path> browser() {
        String chosen = System.getenv("CHROMIUM");
        if (chosen != null && !chosen.isEmpty()) {
            return Optional.of(Path.of(chosen)).filter(Files::isExecutable);
        }
        return Stream.of("chromium", "chromium-browser", "google-chrome").map(ReportInBrowserTest::onPath)
                .flatMap(Optional::stream).findFirst();
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }
}
