package timelab.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.server.CloseReason;
import timelab.server.ConnectionObserver;
import timelab.server.RequestTiming;

/** The server's JFR listener: free while nothing records, deferred until activated, one event per connection. */
class ServerEventsTest {

    @Test
    void withoutARecordingTheListenerFollowsNoConnection() {
        assertThat(new ServerEvents().opened("127.0.0.1:1")).isSameAs(ConnectionObserver.NONE);
    }

    @Test
    void anInactiveListenerRecordsNothingUntilActivatedThenOneEventPerConnection(@TempDir Path dir)
            throws Exception {
        ServerEvents events = ServerEvents.inactive();
        Path file = dir.resolve("events.jfr");
        try (JfrRecording recording = JfrRecording.start("server", "test", Optional.of(file))) {
            assertThat(events.opened("127.0.0.1:1")).isSameAs(ConnectionObserver.NONE);
            events.activate();
            ConnectionObserver observer = events.opened("127.0.0.1:2");
            assertThat(observer).isNotSameAs(ConnectionObserver.NONE);
            observer.closed("fixed:4", 2, CloseReason.QUIT);
            recording.stop();
        }
        List<RecordedEvent> connections = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("timelab.Connection")).toList();
        assertThat(connections).singleElement().satisfies(e -> {
            assertThat(e.getString("remote")).isEqualTo("127.0.0.1:2");
            assertThat(e.getString("model")).isEqualTo("fixed:4");
            assertThat(e.getLong("requests")).isEqualTo(2);
            assertThat(e.getString("closeReason")).isEqualTo("QUIT");
        });
    }

    @Test
    void aRequestServedInARecordingIsWrittenWithItsThreeDurationsOnTheThreadThatAnsweredIt(@TempDir Path dir)
            throws Exception {
        ServerEvents events = new ServerEvents();
        Path file = dir.resolve("requests.jfr");
        try (JfrRecording recording = JfrRecording.start("server", "test", Optional.of(file))) {
            Thread answering = Thread.ofPlatform().name("timelab-fixed-1").start(() -> events.requestServed(
                    new RequestTiming("fixed:1", "delay:200ms", 150_000_000, 200_000_000, 350_125_000, false)));
            answering.join();
            events.requestServed(new RequestTiming("virtual", "call:127.0.0.1:9x3", 7_000, 3_000_000, 3_500_000,
                    true));
            recording.stop();
        }
        List<RecordedEvent> requests = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("timelab.ServerRequest")).toList();
        assertThat(requests).hasSize(2);
        // each thread has its own buffer: the file keeps no order between threads
        RecordedEvent fixed = requests.stream().filter(e -> "fixed:1".equals(e.getString("model"))).findFirst()
                .orElseThrow();
        RecordedEvent virtual = requests.stream().filter(e -> "virtual".equals(e.getString("model"))).findFirst()
                .orElseThrow();
        assertThat(fixed).satisfies(e -> {
            assertThat(e.getString("model")).isEqualTo("fixed:1");
            assertThat(e.getString("work")).isEqualTo("delay:200ms");
            assertThat(e.getDuration("queued").toNanos()).isEqualTo(150_000_000);
            assertThat(e.getDuration("workTime").toNanos()).isEqualTo(200_000_000);
            assertThat(e.getDuration("total").toNanos()).isEqualTo(350_125_000);
            assertThat(e.getBoolean("failed")).isFalse();
            assertThat(e.getThread().getJavaName()).isEqualTo("timelab-fixed-1");
            assertThat(e.getEventType().getCategoryNames()).containsExactly("timelab");
        });
        assertThat(virtual).satisfies(e -> {
            assertThat(e.getString("work")).isEqualTo("call:127.0.0.1:9x3");
            assertThat(e.getDuration("queued").toNanos()).isEqualTo(7_000);
            assertThat(e.getBoolean("failed")).isTrue();
        });
    }

    @Test
    void anInactiveListenerWritesNoRequest(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("none.jfr");
        try (JfrRecording recording = JfrRecording.start("server", "test", Optional.of(file))) {
            ServerEvents.inactive().requestServed(new RequestTiming("virtual", "sleep:1ms", 1, 1_000_000,
                    1_000_001, false));
            recording.stop();
        }
        assertThat(RecordingFile.readAllEvents(file))
                .noneMatch(e -> e.getEventType().getName().equals("timelab.ServerRequest"));
    }
}
