package timelab.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.Histogram;

/**
 * The raw samples of client runs, read back from their JFR recordings: one {@code timelab.ClientRequest} event per
 * finished connection, recorded into one histogram per latency the way the client's {@code Tally} records them
 * (microseconds, {@link ClientRun#micros}, 3 significant digits, auto-resizing). With one request per connection a
 * connection's request time is its one request's, so the union of several runs' events is exactly what their merged
 * histograms should hold.
 *
 * @param connect every connection's connect time
 * @param request every connection's request time
 * @param outcomes how many events, per outcome ({@code OK} or a failure kind)
 */
public record ClientRequestSamples(Histogram connect, Histogram request, Map<String, Long> outcomes) {

    public static final String EVENT = "timelab.ClientRequest";

    /** The union of the client-request events of every recording. */
    public static ClientRequestSamples union(List<Path> recordings) throws IOException {
        Histogram connect = histogram();
        Histogram request = histogram();
        Map<String, Long> outcomes = new TreeMap<>();
        for (Path file : recordings) {
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (e.getEventType().getName().equals(EVENT)) {
                    connect.recordValue(ClientRun.micros(e.getDuration("connectTime").toNanos()));
                    request.recordValue(ClientRun.micros(e.getDuration("requestTime").toNanos()));
                    outcomes.merge(e.getString("outcome"), 1L, Long::sum);
                }
            }
        }
        return new ClientRequestSamples(connect, request, Map.copyOf(outcomes));
    }

    private static Histogram histogram() {
        Histogram h = new Histogram(3);
        h.setAutoResize(true);
        return h;
    }
}
