package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.app.ExitCode;
import timelab.measure.RecordingFixture;
import timelab.server.RequestTiming;
import timelab.server.ServerModel;

/** {@code timelab jfr summary} as a user runs it on real recordings. */
class JfrSummaryCommandTest {

    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** Pinned once, in {@link #theServersRequestsAndThePinsComeFirstInWordsThenInTables}. */
    static final class Pinning {
        static {
            ENTERED.countDown();
            try {
                RELEASE.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {}
    }

    @Test
    void theServersRequestsAndThePinsComeFirstInWordsThenInTables(@TempDir Path dir) throws Exception {
        List<RequestTiming> timings = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            timings.add(new RequestTiming("fixed:2", "sleep:10ms", i * 1_000_000L, 10_000_000, 10_050_000
                    + i * 1_000_000L, i % 100 == 0));
        }
        Path file = RecordingFixture.serverRequests(dir.resolve("server-fixed-2.jfr"), timings,
                () -> RecordingFixture.pinInAClassInitializer(Pinning::touch, ENTERED, RELEASE));
        String pinner = Pinning.class.getName() + ".<clinit>";

        CommandLineTest.Result r = CommandLineTest.run("jfr", "summary", "--no-chart", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = CommandLineTest.unwrapped(r.out()).lines().toList();
        assertThat(lines.get(1)).isEqualTo("  * 200 requests on fixed:2 with sleep:10ms (2 failed): queued p99 "
                + "198.1 ms, work p99 10.0 ms, total p99 208.1 ms — time was spent waiting for a thread (or the "
                + "loop), not working");
        assertThat(lines.get(2)).startsWith("  * a virtual thread was pinned once").contains("all at " + pinner);
        assertThat(r.out()).contains("  server requests   200 (timelab.ServerRequest), times in ms")
                .containsPattern("model +work +requests +failed +time +p50 +p90 +p99 +max")
                .containsPattern("fixed:2 +sleep:10ms +200 +2 +queued +100\\.\\d +180\\.\\d +198\\.\\d +200\\.\\d")
                .containsPattern("\\n +work +10\\.0 +10\\.0 +10\\.0 +10\\.0\\n")
                .containsPattern("\\n +total +110\\.\\d +190\\.\\d +208\\.\\d +210\\.\\d\\n")
                .containsPattern("by code +1 × [\\d.]+ ms at " + java.util.regex.Pattern.quote(pinner));

        CommandLineTest.Result json = CommandLineTest.run("jfr", "summary", "--json", "--no-chart", file.toString());
        JsonNode rec = new ObjectMapper().readTree(json.out()).get("recordings").get(0);
        assertThat(rec.get("findings").get(0).asText()).isEqualTo(lines.get(1).substring("  * ".length()));
        assertThat(rec.at("/serverRequests/0/model").asText()).isEqualTo("fixed:2");
        assertThat(rec.at("/serverRequests/0/work").asText()).isEqualTo("sleep:10ms");
        assertThat(rec.at("/serverRequests/0/count").asLong()).isEqualTo(200);
        assertThat(rec.at("/serverRequests/0/failed").asLong()).isEqualTo(2);
        assertThat(rec.at("/serverRequests/0/queued/p99").asDouble()).isBetween(198.0, 198.3);
        assertThat(rec.at("/serverRequests/0/workTime/max").asDouble()).isBetween(10.0, 10.02);
        assertThat(rec.at("/serverRequests/0/total/p50").asDouble()).isBetween(110.0, 110.2);
        assertThat(rec.at("/pinned/count").asLong()).isEqualTo(1);
        assertThat(rec.at("/pinned/topFrames/0/frame").asText()).isEqualTo(pinner);
        assertThat(rec.at("/pinned/topFrames/0/count").asLong()).isEqualTo(1);
    }

    @Test
    void summaryPrintsTheNumbersOfEachRecordingAndDrawsThemInOneChart(@TempDir Path dir)
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
        assertThat(image.getHeight()).as("two plots, one above the other").isGreaterThan(2 * 300);
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
