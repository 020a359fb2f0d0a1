package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.app.ExitCode;
import timelab.measure.RecordingFixture;
import timelab.server.ServerModel;

/** {@code timelab jfr summary} as a user runs it on real recordings. */
class JfrSummaryCommandTest {

    @Test
    void summaryPrintsTheNumbersOfEachRecordingAndDrawsThemSideBySideInOneChart(@TempDir Path dir)
            throws Exception {
        Path virtual = RecordingFixture.serverHolding(dir.resolve("server-virtual.jfr"), new ServerModel.Virtual(), 12);
        Path platform = RecordingFixture.serverHolding(dir.resolve("server-platform.jfr"),
                new ServerModel.Platform(), 12);

        CommandLineTest.Result r = CommandLineTest.run("jfr", "summary", virtual.toString(), platform.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("recording " + virtual).contains("recording " + platform)
                .contains("virtual threads   peak 12 counted by timelab")
                .contains("virtual threads   peak 0 counted by timelab")
                .contains("by model        virtual=12").contains("by model        platform=12")
                .contains("ended           PEER_CLOSED=12");
        Path chart = dir.resolve("server-virtual-and-1-more.png");
        assertThat(r.out().strip()).endsWith("chart: " + chart);
        BufferedImage image = ImageIO.read(chart.toFile());
        assertThat(image.getWidth()).as("two panels side by side").isGreaterThan(2 * 600);
    }

    @Test
    void jsonCarriesTheSameNumbersAndTheChartPath(@TempDir Path dir) throws Exception {
        Path file = RecordingFixture.serverHolding(dir.resolve("run.jfr"), new ServerModel.Virtual(), 7);
        Path chart = dir.resolve("charts/mine.png");
        CommandLineTest.Result r = CommandLineTest.run("jfr", "summary", "--json", "--chart", chart.toString(),
                file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode rec = doc.get("recordings").get(0);
        assertThat(rec.get("file").asText()).isEqualTo(file.toString());
        assertThat(rec.at("/virtualThreads/countedPeak").asLong()).isEqualTo(7);
        assertThat(rec.at("/connections/count").asLong()).isEqualTo(7);
        assertThat(rec.at("/connections/byModel/virtual").asLong()).isEqualTo(7);
        assertThat(rec.at("/platformThreads/peak").asLong()).isPositive();
        assertThat(doc.get("chart").asText()).isEqualTo(chart.toString());
        assertThat(chart).exists();

        CommandLineTest.Result noChart = CommandLineTest.run("jfr", "summary", "--no-chart", file.toString());
        assertThat(noChart.out()).doesNotContain("chart:");
        assertThat(dir.resolve("run.png")).doesNotExist();
    }

    @Test
    void aMissingOrBrokenRecordingIsOneLineAndExitCodeThree(@TempDir Path dir) throws Exception {
        CommandLineTest.Result missing = CommandLineTest.run("jfr", "summary", dir.resolve("nope.jfr").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.ERROR.code());
        assertThat(missing.err().strip()).startsWith("timelab: ").contains("nope.jfr").doesNotContain("\n");

        Path broken = Files.writeString(dir.resolve("broken.jfr"), "FLR\0 but not really");
        CommandLineTest.Result bad = CommandLineTest.run("jfr", "summary", broken.toString());
        assertThat(bad.code()).isEqualTo(ExitCode.ERROR.code());
        assertThat(bad.err().strip()).contains("is not a readable JFR recording").doesNotContain("\n");
    }
}
