package timelab.measure;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;
import timelab.server.RequestTiming;

/**
 * One request the server answered after its {@code --work}: where its time went, as three durations that share one
 * start (the moment the server could first have taken the request up). {@code total} is {@code queued}, then
 * {@code workTime}, then the rest (reading, the service, writing). Committed on the thread that answered it, at the
 * moment it was answered; the event itself has no duration of its own (the fields carry them). Written only when the
 * work is not {@code none}, so the hot path of a server without work stays as it was.
 */
@Name("timelab.ServerRequest")
@Label("Server Request")
@Description("A request answered by the timelab server after its work: time queued, in work, and in all")
final class ServerRequestEvent extends TimelabEvent {

    @Label("Model")
    @Description("The server model that served it (platform, fixed:N, cached, virtual, nio, single)")
    String model;

    @Label("Work")
    @Description("The work each request cost (--work: sleep:50ms, delay:20ms..80ms, cpu:5ms, call:HOST:PORT, ...)")
    String work;

    @Label("Queued")
    @Description("From when the server could first have taken the request up until a thread or the loop began it")
    @Timespan(Timespan.NANOSECONDS)
    long queued;

    @Label("Work Time")
    @Description("In the work itself: the sleep, the CPU, the backend calls")
    @Timespan(Timespan.NANOSECONDS)
    long workTime;

    @Label("Total")
    @Description("From the same start as Queued until the reply was handed to the socket")
    @Timespan(Timespan.NANOSECONDS)
    long total;

    @Label("Failed")
    @Description("Whether the work failed (a backend call: the client got ERROR backend ...)")
    boolean failed;

    /** Asked whether the event is enabled ({@code isEnabled()} reads the event type's state). */
    private static final ServerRequestEvent PROBE = new ServerRequestEvent();

    /** Commits one event for {@code timing} if a recording wants it; otherwise costs one check. */
    static void record(RequestTiming timing) {
        if (!PROBE.isEnabled()) {
            return;
        }
        ServerRequestEvent e = new ServerRequestEvent();
        e.model = timing.model();
        e.work = timing.work();
        e.queued = timing.queuedNanos();
        e.workTime = timing.workNanos();
        e.total = timing.totalNanos();
        e.failed = timing.failed();
        if (e.shouldCommit()) {
            e.commit();
        }
    }
}
