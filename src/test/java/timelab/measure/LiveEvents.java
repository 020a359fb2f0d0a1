package timelab.measure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * A live JFR stream for tests: lets a test wait until the JVM has emitted a given event (e.g. a
 * {@code timelab.Concurrency} sample showing the connections it holds) instead of sleeping. Periodic events are
 * enabled every second, like {@code timelab.jfc}.
 */
public final class LiveEvents implements AutoCloseable {

    private final RecordingStream stream = new RecordingStream();
    private final List<RecordedEvent> seen = new CopyOnWriteArrayList<>();

    public LiveEvents(String... names) {
        for (String name : names) {
            stream.enable(name).withPeriod(Duration.ofSeconds(1));
        }
        stream.onEvent(seen::add);
        stream.startAsync();
    }

    /** Waits (up to 30 s) until an event named {@code name} matching {@code p} has been emitted. */
    public RecordedEvent await(String name, Predicate<RecordedEvent> p) {
        Predicate<RecordedEvent> match = e -> e.getEventType().getName().equals(name) && p.test(e);
        org.awaitility.Awaitility.await().alias("a " + name + " event as expected").atMost(Duration.ofSeconds(30))
                .until(() -> seen.stream().anyMatch(match));
        return seen.stream().filter(match).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        stream.close();
    }
}
