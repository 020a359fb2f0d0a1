package timelab.client;

import java.time.Instant;

/** Builds a {@link ClientRun} from a run's tally: the one place the result's figures are derived. */
public final class Results {

    private Results() {}

    /** @param transportFallback as in {@link ClientRun}: why the asked transport did not start, or {@code null} */
    public static ClientRun result(String strategy, LoadPlan plan, Instant startedAt, boolean interrupted,
            long wallNanos, Tally tally, Long heldAtOnce, long peakConcurrent, ClientRun.Resources resources,
            ClientRun.Children children, String transportFallback) {
        long ok = tally.ok.sum();
        long failed = tally.failed.sum();
        long requests = tally.requests.sum();
        double wall = wallNanos / 1e9;
        return new ClientRun(ClientRun.SCHEMA_VERSION, strategy, plan, startedAt.toString(),
                Runtime.version().toString(), ProcessHandle.current().pid(), interrupted, round(wall, 6),
                tally.started.sum(), ok, failed, requests, perSecond(ok, wall), perSecond(requests, wall),
                tally.failureCounts(), ClientRun.Latency.of(tally.connect), ClientRun.Latency.of(tally.request),
                peakConcurrent, heldAtOnce, resources, children, transportFallback);
    }

    /** {@code n} per second, or {@code null} when there was nothing to count or no time to count it in. */
    static Double perSecond(long n, double seconds) {
        return n <= 0 || seconds <= 0 ? null : round(n / seconds, 1);
    }

    public static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
