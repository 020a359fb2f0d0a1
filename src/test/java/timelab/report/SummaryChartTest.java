package timelab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.measure.Timeline;

/** The JFR timeline chart ({@code timelab jfr summary}, the report): its layout and what it draws (moved from
 * {@code measure.JfrSummaryTest} with the chart). */
class SummaryChartTest {

    @Test
    void theChartHasOnePanelPerTimelineThreeToARowWithEverySeriesDrawn(@TempDir Path dir) throws IOException {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        List<Timeline> two = List.of(timeline("client", t0, 1000, 20), timeline("server", t0, 1000, 14));
        BufferedImage image = ImageIO.read(SummaryChart.write(two, "two sides", dir.resolve("two.png")).toFile());
        assertThat(image.getWidth()).isEqualTo(2 * SummaryChart.PANEL_WIDTH + 32);
        assertThat(image.getHeight()).isEqualTo(48 + SummaryChart.PANEL_HEIGHT + 16);
        for (int panel = 0; panel < 2; panel++) {
            int x0 = 16 + panel * SummaryChart.PANEL_WIDTH;
            assertThat(pixels(image, x0, SummaryChart.CONNECTIONS)).as("connections in panel " + panel).isPositive();
            assertThat(pixels(image, x0, SummaryChart.PLATFORM)).as("platform in panel " + panel).isPositive();
            assertThat(pixels(image, x0, SummaryChart.VIRTUAL)).as("virtual in panel " + panel).isPositive();
        }
        List<Timeline> four = List.of(two.get(0), two.get(1), two.get(0), two.get(1));
        BufferedImage grid = ImageIO.read(SummaryChart.write(four, "four", dir.resolve("four.png")).toFile());
        assertThat(grid.getWidth()).isEqualTo(3 * SummaryChart.PANEL_WIDTH + 32);
        assertThat(grid.getHeight()).isEqualTo(48 + 2 * SummaryChart.PANEL_HEIGHT + 16);
    }

    @Test
    void recordingsThatRanTogetherShareTheClockAndOnesMadeOneAfterTheOtherDoNot() {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        Timeline client = timeline("client", t0, 10, 5);
        Timeline server = timeline("server", t0.plusSeconds(3), 10, 5); // overlaps the client's 10 s
        Timeline later = timeline("server", t0.plusSeconds(60), 10, 5);
        assertThat(SummaryChart.sharedClock(List.of(client, server))).isTrue();
        assertThat(SummaryChart.sharedClock(List.of(client, later))).isFalse();
        assertThat(SummaryChart.sharedClock(List.of(client, server, later))).isFalse();
    }

    private static Timeline timeline(String side, Instant t0, long connections, long platform) {
        List<Timeline.Point> c = new ArrayList<>();
        List<Timeline.Point> p = new ArrayList<>();
        for (int s = 0; s <= 10; s++) {
            long level = s < 2 || s > 8 ? 0 : connections;
            c.add(new Timeline.Point(t0.plusSeconds(s), level));
            p.add(new Timeline.Point(t0.plusSeconds(s), platform));
        }
        List<Timeline.Point> v = c.stream().map(pt -> new Timeline.Point(pt.time(), pt.value() / 2)).toList();
        return new Timeline(side, c, p, v);
    }

    private static long pixels(BufferedImage image, int x0, java.awt.Color colour) {
        long n = 0;
        for (int x = x0; x < x0 + SummaryChart.PANEL_WIDTH; x++) {
            for (int y = 48; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == (colour.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }
}
