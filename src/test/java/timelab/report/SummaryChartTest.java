package timelab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.measure.JfrSummary;
import timelab.measure.RecordingFixture;
import timelab.measure.Timeline;
import timelab.server.ServerModel;

/** The JFreeChart PNG of {@code timelab jfr summary}, drawn from real recordings. */
class SummaryChartTest {

    @Test
    void aRealRecordingBecomesAPngWithOnePlotPerSideAndEverySeriesDrawn(@TempDir Path dir) throws Exception {
        Path virtual = RecordingFixture.serverHolding(dir.resolve("server-virtual.jfr"), new ServerModel.Virtual(), 8);
        Path platform = RecordingFixture.serverHolding(dir.resolve("server-platform.jfr"), new ServerModel.Platform(),
                8);
        List<Timeline> timelines = new ArrayList<>(JfrSummary.read(virtual).timelines());
        timelines.addAll(JfrSummary.read(platform).timelines());

        Path png = SummaryChart.write(timelines, "two recordings", dir.resolve("charts/two.png"));

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG that ImageIO decodes").isNotNull();
        assertThat(image.getWidth()).isEqualTo(SummaryChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(SummaryChart.HEADER_HEIGHT + 2 * SummaryChart.PLOT_HEIGHT);
        for (int k = 0; k < SummaryChart.COLOURS.size(); k++) {
            assertThat(pixels(image, SummaryChart.COLOURS.get(k))).as(TimelineCharts.SERIES.get(k) + " is drawn")
                    .isGreaterThan(50);
        }
    }

    @Test
    void recordingsThatRanTogetherShareTheClockAndOnesMadeOneAfterTheOtherDoNot() {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        Timeline client = timeline("client", t0, 10);
        Timeline server = timeline("server", t0.plusSeconds(3), 10); // overlaps the client's 10 s
        Timeline later = timeline("server", t0.plusSeconds(60), 10);
        assertThat(TimelineCharts.sharedClock(List.of(client, server))).isTrue();
        assertThat(TimelineCharts.sharedClock(List.of(client, later))).isFalse();
        assertThat(TimelineCharts.sharedClock(List.of(client, server, later))).isFalse();
    }

    private static Timeline timeline(String side, Instant t0, int seconds) {
        List<Timeline.Point> points = List.of(new Timeline.Point(t0, 1), new Timeline.Point(t0.plusSeconds(seconds),
                0));
        return new Timeline(side, points, points, points, "test");
    }

    private static long pixels(BufferedImage image, Color colour) {
        long n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == (colour.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }
}
