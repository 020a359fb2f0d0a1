package timelab.server;

import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The registry of open connections: opens, ends (exactly once) and counts them, and tells the listener. */
final class Connections {

    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Counters counters;
    private final ServerObserver listener;

    Connections(Counters counters, ServerObserver listener) {
        this.counters = counters;
        this.listener = listener;
    }

    Connection open(SocketChannel channel, String model) {
        return opened(new Connection(channel, model));
    }

    /** Registers a connection of the {@code netty} model, whose handler is {@code netty}. */
    Connection open(NettyConnection netty, String remote, String model) {
        return opened(new Connection(netty, remote, model));
    }

    private Connection opened(Connection c) {
        open.add(c);
        counters.opened();
        c.observer = listener.opened(c.remote);
        return c;
    }

    /** Closes and forgets {@code c}; a second call for the same connection does nothing. */
    void end(Connection c, long requests, CloseReason reason) {
        if (!c.markEnded()) {
            return;
        }
        c.closeChannel();
        open.remove(c);
        counters.closed(reason, c.model);
        c.observer.closed(c.model, requests, reason);
        listener.closed(c.model, c.remote, requests, reason, Duration.ofNanos(System.nanoTime() - c.acceptedNanos));
    }

    Collection<Connection> open() {
        return Collections.unmodifiableSet(open);
    }

    long active() {
        return counters.active();
    }
}
