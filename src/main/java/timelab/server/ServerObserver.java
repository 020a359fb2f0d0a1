package timelab.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        // an array, not a List: these run for every connection, and an iterator is garbage per connection
        ServerObserver[] list = List.of(observers).toArray(ServerObserver[]::new);
        return new ServerObserver() {
            @Override
            public void accepted(long total, String remote) {
                for (ServerObserver l : list) {
                    l.accepted(total, remote);
                }
            }

            @Override
            public ConnectionObserver opened(String remote) {
                // called for every connection: no list unless two or more observers watch it
                ConnectionObserver first = ConnectionObserver.NONE;
                List<ConnectionObserver> observers = null;
                for (ServerObserver l : list) {
                    ConnectionObserver o = l.opened(remote);
                    if (o == ConnectionObserver.NONE) {
                        continue;
                    }
                    if (first == ConnectionObserver.NONE) {
                        first = o;
                    } else {
                        if (observers == null) {
                            observers = new ArrayList<>(list.length);
                            observers.add(first);
                        }
                        observers.add(o);
                    }
                }
                if (observers == null) {
                    return first;
                }
                List<ConnectionObserver> all = observers;
                return (model, requests, reason) -> all.forEach(o -> o.closed(model, requests, reason));
            }

            @Override
            public void closed(String model, String remote, long requests, CloseReason reason, Duration open) {
                for (ServerObserver l : list) {
                    l.closed(model, remote, requests, reason, open);
                }
            }

            @Override
            public void problem(String message) {
                for (ServerObserver l : list) {
                    l.problem(message);
                }
            }

            @Override
            public void failed(String message) {
                for (ServerObserver l : list) {
                    l.failed(message);
                }
            }
        };
    }
}
