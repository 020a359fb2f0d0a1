package timelab.server;

import java.time.Duration;

/**
 * What a server tells its owner as it runs. Called on server threads (acceptor, connection threads, the event loop):
 * implementations must be thread-safe and quick. All methods do nothing by default.
 */
public interface ServerObserver {

    /** A connection was accepted; {@code total} counts every accepted connection so far (the coursework's log). */
    default void accepted(long total, String remote) {}

    /**
     * A connection was accepted and is about to be served (called on the acceptor thread, right after
     * {@link #accepted}; busy rejections are not opened). The returned observer is told when it ends.
     */
    default ConnectionObserver opened(String remote) {
        return ConnectionObserver.NONE;
    }

    /** A served connection ended ({@code model}: the model that served it). */
    default void closed(String model, String remote, long requests, CloseReason reason, Duration open) {}

    /**
     * A request was answered after its {@code --work} (called on the thread that answered it, only when the work is
     * not {@code none}: with no work the hot path stays as it was).
     */
    default void requestServed(RequestTiming timing) {}

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

    /** An observer that ignores everything. */
    ServerObserver NONE = new ServerObserver() {};

    /** One observer that tells each of {@code observers}, in order. */
    static ServerObserver all(ServerObserver... observers) {
        return new AllObservers(observers);
    }
}
