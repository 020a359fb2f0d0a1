package timelab.measure;

import jdk.jfr.FlightRecorder;
import timelab.server.ConnectionObserver;
import timelab.server.RequestTiming;
import timelab.server.ServerObserver;
import timelab.server.ServerStats;
import timelab.server.TimeServer;

/**
 * The server's JFR evidence: a {@link ServerObserver} that records one {@code timelab.Connection} event per served
 * connection (begun at accept, committed at close on the thread that ended it), one {@code timelab.ServerRequest}
 * per request answered after its work (committed on the thread that answered it), and the server's
 * {@link ConcurrencySource}. Install both whenever a server runs: while no recording has the events enabled they
 * cost one check per connection and nothing else, and a recording started later with {@code jcmd} gets them.
 * Thread-safe.
 */
public final class ServerEvents implements ServerObserver {

    /**
     * Asked whether the event is enabled, so that a connection allocates no event while no recording wants one
     * ({@code isEnabled()} reads the event type's state, not the instance's).
     */
    private static final ConnectionEvent PROBE = new ConnectionEvent();

    private volatile boolean active;

    /** Listens with the events registered with JFR (slow the first time in a JVM: see {@link #inactive()}). */
    public ServerEvents() {
        activate();
    }

    private ServerEvents(boolean active) {
        this.active = active;
    }

    /**
     * A listener that records nothing until {@link #activate()}: registering the first event initialises JFR's
     * metadata in the JVM, which took 0.7–1.2 s on a busy 2-core machine, so a server that is not recording yet
     * can start serving first and activate in the background.
     */
    public static ServerEvents inactive() {
        return new ServerEvents(false);
    }

    /** Registers the events with JFR (visible to recordings and JMC before the first connection); idempotent. */
    public ServerEvents activate() {
        FlightRecorder.register(ConnectionEvent.class);
        FlightRecorder.register(ServerRequestEvent.class);
        active = true;
        return this;
    }

    @Override
    public ConnectionObserver opened(String remote) {
        if (!active || !PROBE.isEnabled()) {
            return ConnectionObserver.NONE;
        }
        ConnectionEvent e = new ConnectionEvent();
        e.remote = remote;
        e.begin();
        return (model, requests, reason) -> {
            e.end();
            if (e.shouldCommit()) {
                e.model = model;
                e.requests = requests;
                e.closeReason = reason.name();
                e.commit();
            }
        };
    }

    @Override
    public void requestServed(RequestTiming timing) {
        if (active) {
            ServerRequestEvent.record(timing);
        }
    }

    /** The counts of {@code server} for the {@code timelab.Concurrency} event. */
    public static ConcurrencySource concurrencyOf(TimeServer server) {
        return () -> {
            ServerStats s = server.stats();
            return new ConcurrencyCounts(s.model().label(), s.active(), s.peakActive(), s.virtualThreads(),
                    s.peakVirtualThreads());
        };
    }
}
