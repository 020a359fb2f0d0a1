package timelab.server;

import java.net.InetSocketAddress;

/**
 * Where a server's connections come from: the JDK listener and its acceptor thread ({@link Acceptor}), which hands
 * each connection to the current {@link Dispatcher} of any thread model, or Netty's own listener
 * ({@link NettyServer}), which serves what it accepts on its event loops. Both admit connections the same way
 * (counted, {@code ERROR busy} beyond {@link #maxConnections()}).
 */
sealed interface Front permits Acceptor, NettyServer {

    /** The address and port actually bound. */
    InetSocketAddress address();

    /** Connections open at once beyond which new ones are refused with {@code BUSY}. */
    int maxConnections();

    /** Closes the listener: connects are refused from now on. Idempotent, any thread. */
    void close();

    /** Waits until accepting has stopped, until {@code deadlineNanos} ({@link System#nanoTime()}) at most. */
    void join(long deadlineNanos);
}
