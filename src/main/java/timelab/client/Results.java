package timelab.client;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Builds a {@link ClientRun} from a run's tally: the one place the result's figures are derived. */
public final class Results {

    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private Results() {}

    /**
     * @param transportFallback as in {@link ClientRun}: why the asked transport did not start, or {@code null}
     * @param startAt the instant the run was asked to start at ({@code --start-at}), or {@code null}
     */
    public static ClientRun result(String strategy, LoadPlan plan, Instant startedAt, boolean interrupted,
            long wallNanos, Tally tally, Long heldAtOnce, long peakConcurrent, ClientRun.Resources resources,
            ClientRun.Children children, String transportFallback, Instant startAt) {
        long ok = tally.ok.sum();
        long failed = tally.failed.sum();
        long requests = tally.requests.sum();
        double wall = wallNanos / 1e9;
        Double late = startAt == null ? null
                : round(Math.max(0, Duration.between(startAt, startedAt).toNanos()) / 1e9, 6);
        return new ClientRun(ClientRun.SCHEMA_VERSION, strategy, plan, startedAt.toString(),
                Runtime.version().toString(), ProcessHandle.current().pid(), interrupted, round(wall, 6),
                tally.started.sum(), ok, failed, requests, perSecond(ok, wall), perSecond(requests, wall),
                tally.failureCounts(), ClientRun.Latency.of(tally.connect), ClientRun.Latency.of(tally.request),
                peakConcurrent, heldAtOnce, resources, children, transportFallback, hostName(),
                startAt == null ? null : startAt.toString(), late, null, null);
    }

    /**
     * This host's name: the kernel's ({@code /proc/sys/kernel/hostname}, what {@code hostname} prints, a pod's name
     * in Kubernetes), else the JDK's, else {@code "unknown"}.
     */
    static String hostName() {
        try {
            String name = Files.readString(KERNEL_HOSTNAME, StandardCharsets.US_ASCII).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the JDK
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
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
