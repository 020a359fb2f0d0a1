package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import timelab.LineClient;
import timelab.work.Work;

/**
 * {@code pinned:D} on the virtual-thread server, seen by a real JFR recording: a virtual thread waiting inside
 * {@code synchronized} pins its carrier on JDK 21–23 ({@code jdk.VirtualThreadPinned}); from JDK 24 (JEP 491) it
 * unmounts and there is no such event.
 */
class PinnedWorkTest {

    @RegisterExtension
    final Servers servers = new Servers();

    @Test
    void aVirtualThreadWaitingInAMonitorPinsItsCarrierOnlyOnJdksBefore24(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pinned.jfr");
        TimeServer server = servers.start(ServerOptions.loopback(new ServerModel.Virtual())
                .withHandling(Handling.DEFAULT.withWork(Work.parse("pinned:60ms"))));
        try (Recording r = new Recording()) {
            r.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            r.enable("jdk.ThreadSleep").withThreshold(Duration.ZERO); // the recording sees the work itself
            r.start();
            try (LineClient client = new LineClient(server.port())) {
                for (int i = 0; i < 3; i++) {
                    client.send("TIME\r\n");
                    assertThat(client.readLine()).startsWith("JAM ");
                }
            }
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> pinned = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.VirtualThreadPinned")).toList();
        assertThat(RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ThreadSleep"))
                .filter(e -> e.getThread("eventThread") != null && e.getThread("eventThread").isVirtual()))
                .as("the three sleeps inside the monitor, on virtual threads").hasSizeGreaterThanOrEqualTo(3);
        if (Runtime.version().feature() >= 24) {
            assertThat(pinned).as("JEP 491: a monitor no longer pins on JDK " + Runtime.version()).isEmpty();
        } else {
            assertThat(pinned).as("pinned on JDK " + Runtime.version()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(pinned.get(0).getStackTrace().getFrames())
                    .anySatisfy(f -> assertThat(f.getMethod().getType().getName()).isEqualTo(Worker.class.getName()));
        }
        assertThat(Files.size(file)).isPositive();
    }
}
