package timelab.experiment;

import java.util.Objects;

/**
 * One server × one crowd of the backlog experiment: what N simultaneous clients got, and what the kernel did.
 *
 * @param server the server child (its model's label in the JSON)
 * @param backlog the listen backlog the server asked for
 * @param clients simultaneous clients
 * @param connected clients whose connect succeeded (all but refused and connect timeouts)
 * @param served clients that got their reply
 * @param refused connections answered with RST at connect
 * @param connectTimeouts connects that got no answer in time
 * @param neverServed connected, but not one byte came back
 * @param readTimeouts served partly, then silence
 * @param otherFailures any other failure
 * @param verdict what happened, in plain words, with the kernel's counters
 * @param run the run itself
 */
public record BacklogRow(ServerUnderTest server, int backlog, int clients, long connected, long served, long refused,
        long connectTimeouts, long neverServed, long readTimeouts, long otherFailures, String verdict, Run run) {

    public BacklogRow {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(run, "run");
    }
}
