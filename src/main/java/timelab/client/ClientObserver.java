package timelab.client;

/**
 * Watches a client run connection by connection — the hook for JFR events ({@code timelab.measure}) and for the
 * coursework's per-client lines ({@code --verbose}). All methods do nothing by default.
 *
 * <p>Threading: {@link #connectionFinished} is called on the thread that carried the client (a platform, pool or
 * virtual thread), concurrently from many of them, so implementations must be thread-safe and quick. With the
 * {@code process} strategy the parent calls it for every client too: from the child's report (streamed back as the
 * child runs), or with the failure of a child that could not be spawned or died.
 */
public interface ClientObserver {

    /** One client's connection has ended (or could not start). */
    default void connectionFinished(ConnectionResult result) {}

    /**
     * What one client's connection did.
     *
     * @param strategy the strategy's label ({@code virtual}, {@code process:4/virtual}, …)
     * @param client the client's number, from 1
     * @param outcome ok, or the failure and its raw message
     * @param connectNanos how long the connect took (in open-model runs: from the client's intended start); -1 when
     *     it never connected
     * @param requestNanos the time spent waiting for replies on this connection: from sending each request to
     *     reading its reply, summed over its requests; 0 when none was answered
     * @param requestsOk requests answered correctly
     * @param lastReply the last reply line read, without CR LF, or {@code null}
     */
    record ConnectionResult(String strategy, int client, Outcome outcome, long connectNanos, long requestNanos,
            int requestsOk, String lastReply) {}

    /** An observer that ignores everything. */
    ClientObserver NONE = new ClientObserver() {};
}
