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
}
