package timelab.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.server.ServerModel;

/**
 * The timelines come from the event stream, so their peaks are the counters' peaks (the tables'), not what a
 * sample every 100 ms happened to catch.
 */
class EventTimelinesTest {

    @Test
    void aServersTimelineHasThePeaksOfItsCountersFromTheEvents(@TempDir Path dir) throws Exception {
        Path file = RecordingFixture.serverHolding(dir.resolve("server-virtual.jfr"), new ServerModel.Virtual(), 9);
        JfrSummary.Analysis a = JfrSummary.read(file);

        assertThat(a.timelines()).hasSize(1);
        Timeline t = a.timelines().get(0);
        assertThat(t.source()).isEqualTo("connections, platform threads, virtual threads from every open/close and "
                + "start/end event");
        assertThat(peak(t.connections())).as("the server's peak connections").isEqualTo(9)
                .isEqualTo(a.summary().connections().peakActive());
        assertThat(peak(t.virtualThreads())).as("timelab's count of virtual threads")
                .isEqualTo(a.summary().virtualThreads().countedPeak());
        assertThat(peak(t.platformThreads())).as("never below what a sample saw")
                .isGreaterThanOrEqualTo(a.summary().platformThreads().peak());
        assertThat(t.connections().get(t.connections().size() - 1).value()).as("every connection closed").isZero();
    }

    @Test
    void aLineKeepsEveryPeakWithAtMostTwoPointsPerMillisecond() {
        EventTimelines events = new EventTimelines();
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < 1000; i++) { // 1,000 connections within one millisecond, then one more later
            events.connection(t0.plusNanos(i * 500L), t0.plusNanos(600_000 + i * 100L));
        }
        events.connection(t0.plusMillis(5), t0.plusMillis(6));
        events.concurrencySample("server", t0, 0, 0);

        List<Timeline.Point> line = events.timelines("f.jfr", false, List.of("virtual")).get(0).connections();

        assertThat(line).extracting(Timeline.Point::value).containsExactly(1000L, 0L, 1L, 0L);
        assertThat(line.get(0).time()).isEqualTo(t0.plusNanos(999 * 500L));
    }

    private static long peak(List<Timeline.Point> points) {
        return points.stream().mapToLong(Timeline.Point::value).max().orElse(-1);
    }
}
