package timelab.client;

import java.util.function.Consumer;
import timelab.client.ClientObserver.ConnectionResult;

/**
 * Event loops carrying any number of clients' connections without a thread per client: the JDK's selectors
 * ({@link SelectorDriver}, {@code nio}) or Netty's ({@link NettyDriver}, {@code netty}). Both run each connection's
 * {@link ClientSession} on one loop thread and report its result from there.
 */
sealed interface Loops extends Carrier permits SelectorDriver, NettyDriver {

    /**
     * Starts client {@code client}'s connection on the next loop; {@code then} is called exactly once, on that loop's
     * thread, with the result. Any thread.
     *
     * @param intendedStartNanos as in {@link ClientSession}
     * @param gate the hold gate, or {@code null}; arrived at exactly once, whatever happens
     * @throws OutOfMemoryError "unable to create native thread" when a loop's thread could not be started
     */
    void connect(ConnectionPlan plan, int client, long intendedStartNanos, HoldGate gate,
            Consumer<ConnectionResult> then);

    @Override
    default long cap() {
        return Long.MAX_VALUE;
    }
}
