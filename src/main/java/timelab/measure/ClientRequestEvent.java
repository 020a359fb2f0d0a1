package timelab.measure;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * One client connection's work: connect, then the request(s) and their replies. The event spans both; its fields
 * split the time. Use it from any thread, one object per connection, in this order:
 *
 * <pre>{@code
 * ClientRequestEvent e = ClientRequestEvent.start("virtual"); // before connect()
 * socket.connect(...);
 * e.connected();                                              // connect time measured
 * ... send TIME, read the reply ...
 * e.finish("OK", null);                                       // or e.finish("CONNECT_TIMEOUT", exception.getMessage())
 * }</pre>
 *
 * When no recording has the event enabled, {@link #start} costs an allocation and the rest next to nothing.
 */
@Name("timelab.ClientRequest")
@Label("Client Request")
@Description("One client connection: connect time, request time and how it ended")
public final class ClientRequestEvent extends TimelabEvent {

    @Label("Strategy")
    @Description("The client strategy that ran it (platform, fixed:N, virtual, process:N/..., ...)")
    String strategy;

    @Label("Connect Time")
    @Timespan(Timespan.NANOSECONDS)
    long connectTime;

    @Label("Request Time")
    @Description("From connected until the reply was read (or the failure)")
    @Timespan(Timespan.NANOSECONDS)
    long requestTime;

    @Label("Requests")
    @Description("Requests answered on the connection")
    long requests;

    @Label("Outcome")
    @Description("OK, or the kind of failure (e.g. CONNECT_TIMEOUT, CONNECTION_RESET, READ_TIMEOUT)")
    String outcome;

    @Label("Detail")
    @Description("The failure's own message, if any")
    String detail;

    private transient long startedNanos;
    private transient long connectedNanos;

    private ClientRequestEvent() {}

    /** Begins the event: call right before connecting. */
    public static ClientRequestEvent start(String strategy) {
        ClientRequestEvent e = new ClientRequestEvent();
        e.strategy = strategy;
        e.begin();
        e.startedNanos = System.nanoTime();
        return e;
    }

    /**
     * Records a connection that has already ended, from its measured times: for clients that observe connections
     * after the fact (the timelab client reports each one when it ends). The event is placed at the moment it is
     * recorded; {@code connectTime} and {@code requestTime} carry the durations.
     *
     * @param connectNanos the connect time, or a negative value when the client never connected
     * @param requestNanos the time spent waiting for replies
     */
    public static void record(String strategy, long connectNanos, long requestNanos, long requests, String outcome,
            String detail) {
        ClientRequestEvent e = new ClientRequestEvent();
        if (!e.isEnabled()) {
            return;
        }
        e.begin();
        e.strategy = strategy;
        e.connectTime = Math.max(0, connectNanos);
        e.requestTime = requestNanos;
        e.requests = requests;
        e.outcome = outcome;
        e.detail = detail;
        e.end();
        if (e.shouldCommit()) {
            e.commit();
        }
    }

    /** The connection is established: the connect time ends, the request time begins. */
    public void connected() {
        connectedNanos = System.nanoTime();
        connectTime = connectedNanos - startedNanos;
    }

    /** Ends and commits the event with one answered request. */
    public void finish(String outcome, String detail) {
        finish(outcome, detail, "OK".equals(outcome) ? 1 : 0);
    }

    /**
     * Ends and commits the event.
     *
     * @param outcome {@code OK} or the failure kind
     * @param detail the failure's message, or {@code null}
     * @param requests requests answered on the connection
     */
    public void finish(String outcome, String detail, long requests) {
        long now = System.nanoTime();
        if (connectedNanos == 0) {
            connectTime = now - startedNanos; // never connected: the whole time went to the attempt
        } else {
            requestTime = now - connectedNanos;
        }
        this.outcome = outcome;
        this.detail = detail;
        this.requests = requests;
        end();
        if (shouldCommit()) {
            commit();
        }
    }
}
