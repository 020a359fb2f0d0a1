package timelab.server;

import java.time.Duration;

/**
 * What a server tells its owner as it runs. Called on server threads (acceptor, connection threads, the event loop):
 * implementations must be thread-safe and quick. All methods do nothing by default.
 */
public interface ServerListener {

    /** A connection was accepted; {@code total} counts every accepted connection so far (the coursework's log). */
    default void accepted(long total, String remote) {}

    /** A served connection ended. */
    default void closed(String model, String remote, long requests, CloseReason reason, Duration open) {}

    /**
     * Something went wrong that the server survives (accept failed, no thread could be started). Reported at most
     * once per second per kind of problem, with how often it happened since the last report.
     */
    default void problem(String message) {}

    /**
     * The server cannot go on and has stopped serving by itself: it accepts no more connections and has closed the
     * ones it had. Today the one cause is an access log that cannot be written (the server does not serve
     * unlogged). Called once; the owner should {@link TimeServer#close() close} the server (not on this thread).
     */
    default void failed(String message) {}

    /** A listener that ignores everything. */
    ServerListener NONE = new ServerListener() {};
}
