package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import timelab.app.ExitCode;
import timelab.fork.Jdk;

/** {@code demo}, {@code limit}, {@code matrix}, {@code backlog} on the command line: bad input, and the tour itself. */
class ExperimentCommandsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "limit --strategy threads",
        "limit --strategy fixed:0",
        "limit --server-model fast",
        "limit --server localhost",
        "limit --server localhost:0",
        "limit --ceiling 0",
        "limit --max-duration soon",
        "limit --server-arg=--zone=Mars",
        "limit --server-arg=--frobnicate",
        "limit --server-arg=--max-connections=0",
        "limit --server-arg=--port=1",
        "limit --server-processes 0",
        "limit --server-processes 2 --server 127.0.0.1:45000",
        "curve --server-processes 0",
        "matrix --clients 0",
        "matrix --clients ten",
        "matrix --models platform,turbo",
        "matrix --strategies virtual,process:0/virtual",
        "backlog --backlog 0",
        "backlog --clients 10,-1",
        "demo --limit-time never",
        "demo --frobnicate"
    })
    void badExperimentFlagsAreAUsageErrorNamingTheFlag(String line) {
        CommandLineTest.Result r = CommandLineTest.run(line.split(" "));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("Usage: timelab " + line.split(" ")[0]);
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"matrix", "limit", "backlog"})
    void aJavaThatDoesNotExistIsAUsageErrorBeforeAnythingStarts(String command, @TempDir Path dir) {
        Path missing = dir.resolve("no-such-jdk");
        CommandLineTest.Result r = CommandLineTest.run(command, "--java", missing.toString(), "--report",
                dir.resolve("report").toString());

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("--java").contains(missing + " does not exist")
                .contains("Usage: timelab " + command);
        assertThat(r.out()).isEmpty();
        assertThat(dir.resolve("report")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"matrix", "limit", "backlog"})
    void aFileThatIsNotAJdkIsAUsageErrorSayingWhatItIs(String command, @TempDir Path dir) throws Exception {
        Path notAJdk = Files.writeString(dir.resolve("notes.txt"), "not a JDK");
        CommandLineTest.Result r = CommandLineTest.run(command, "--java", notAJdk.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("--java").contains(notAJdk + " is not executable");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMatrixOnTheRunningJdksHomeRecordsTheChildrensJdk(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report");
        String home = System.getProperty("java.home");
        CommandLineTest.Result r = CommandLineTest.run("matrix", "--strategies", "virtual", "--models", "nio",
                "--clients", "2", "--no-jfr", "--java", home, "--report", report.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("jdk: children started on " + Jdk.current().describe());
        JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        JsonNode expected = new ObjectMapper().valueToTree(Jdk.current());
        assertThat(json.get("jdk").get("parent")).isEqualTo(expected);
        assertThat(json.get("jdk").get("children")).isEqualTo(expected);
        JsonNode run = json.get("matrix").get(0);
        assertThat(run.get("server").get("jdk")).as("the server child said it").isEqualTo(expected);
        assertThat(run.get("client").get("jdk")).as("the client child said it").isEqualTo(expected);
        assertThat(Files.readString(report.resolve("report.html")))
                .contains("JDK of the server and client children");
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"demo", "limit", "matrix", "backlog", "curve", "server", "client", "server-ctl", "jfr"})
    void everyHelpTextFormatsWithoutAWarning(String command) {
        PrintStream saved = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            assertThat(CommandLineTest.run(command, "--help").code()).isZero();
        } finally {
            System.setErr(saved);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    @Test
    void helpListsTheExperimentsWithTheDemoFirst() {
        CommandLineTest.Result r = CommandLineTest.run("--help");
        assertThat(r.out()).contains("demo").contains("limit").contains("matrix").contains("backlog")
                .contains("curve");
        assertThat(r.out().indexOf("  demo")).isLessThan(r.out().indexOf("  server"));
    }

    @Test
    void theDemoToursMatrixLimitBacklogAndACurveAndEndsWithTheReports(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("demo");
        CommandLineTest.Result r = CommandLineTest.run("demo", "--clients", "20", "--limit-time", "1s", "--report",
                report.toString());

        assertThat(r.code()).as(r.err()).isZero();
        CommandLineTest.assertFitsTheConsole(r.out()); // the backlog's verdicts and the curve's findings included
        assertThat(r.out()).contains("  single, 10 clients: ").contains("What this run shows (delay:50ms):");
        assertThat(CommandLineTest.unwrapped(r.out())).contains("1/4 matrix").contains("2/4 limit")
                .contains("3/4 backlog").contains("4/4 curve")
                .contains("report: " + report.resolve("report.html").toAbsolutePath())
                .contains("report: " + report.resolve("curve").resolve("report.html").toAbsolutePath());
        JsonNode curve = new ObjectMapper().readTree(report.resolve("curve").resolve("report.json").toFile());
        assertThat(curve.get("kind").asText()).isEqualTo("curve");
        assertThat(curve.get("curve").get("models").get(0).get("prediction").get("perSecond").asDouble())
                .as("fixed:2 with delay:50ms").isEqualTo(40.0);
        JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        assertThat(json.get("matrix")).hasSize(DemoCommand.strategies().size() * DemoCommand.models().size());
        assertThat(json.get("limits")).hasSize(1);
        assertThat(json.get("limits").get(0).get("resource").asText()).isEqualTo("TIME");
        assertThat(json.get("backlog")).hasSize(3);
        assertThat(json.get("command").asText()).startsWith("timelab demo --clients 20");
        assertThat(json.get("charts")).isNotEmpty().allSatisfy(chart -> assertThat(chart.get("option").get("series"))
                .as(chart.get("id").asText() + " has data").isNotEmpty());
        assertThat(report.resolve("echarts.min.js")).as("the report draws offline").isRegularFile();
        assertThat(CommandLineTest.unwrapped(r.out())).as("the console ends with the findings")
                .contains("What this run shows:").contains("≥ ").contains("not a limit").contains("--limit-time");
        assertThat(Files.list(report.resolve("jfr")).count()).isEqualTo(2L * json.get("matrix").size());
    }
}
