package timelab.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server tells its owner as it runs. Called on server threads (acceptor, connection threads, the event loop):
 * implementations must be thread-safe and quick. All methods do nothing by default.
 */
public interface ServerListener {

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

    /** One listener that tells each of {@code listeners}, in order. */
    static ServerListener all(ServerListener... listeners) {
        List<ServerListener> list = List.of(listeners);
        return new ServerListener() {
            @Override
            public void accepted(long total, String remote) {
                list.forEach(l -> l.accepted(total, remote));
            }

            @Override
            public ConnectionObserver opened(String remote) {
                List<ConnectionObserver> observers = new ArrayList<>(list.size());
                for (ServerListener l : list) {
                    ConnectionObserver o = l.opened(remote);
                    if (o != ConnectionObserver.NONE) {
                        observers.add(o);
                    }
                }
                return switch (observers.size()) {
                    case 0 -> ConnectionObserver.NONE;
                    case 1 -> observers.get(0);
                    default -> (model, requests, reason) -> observers.forEach(o -> o.closed(model, requests, reason));
                };
            }

            @Override
            public void closed(String model, String remote, long requests, CloseReason reason, Duration open) {
                list.forEach(l -> l.closed(model, remote, requests, reason, open));
            }

            @Override
            public void problem(String message) {
                list.forEach(l -> l.problem(message));
            }

            @Override
            public void failed(String message) {
                list.forEach(l -> l.failed(message));
            }
        };
    }
}
