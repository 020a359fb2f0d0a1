package timelab.experiment;

import java.util.Map;
import java.util.Objects;

/**
 * One client run against one server, as an experiment saw it: the client's result, the server's final status, what
 * the machine and the kernel did meanwhile, and where the raw files are. The unit of every experiment's report.
 *
 * @param strategy the client strategy's label
 * @param serverModel the server model's label ({@code external} for {@code --server HOST:PORT})
 * @param clients clients asked for
 * @param hold whether every client held its connection until all were connected
 * @param succeeded clients whose every reply was right
 * @param failed clients that failed (all of them when the client child left no result)
 * @param failures failed clients by kind label (docs/CLIENT.md), in the taxonomy's order
 * @param examples the first raw message of each kind
 * @param wallSeconds the client's wall time
 * @param clientsPerSecond clients finished per second
 * @param connect connect latency
 * @param request request latency
 * @param client the client process's peaks
 * @param server the server's own counters at its end, {@code null} for an external server
 * @param observed the machine and server sampled every 200 ms during the run
 * @param kernel the change of the kernel's TcpExt counters over the run (ListenOverflows, ListenDrops, SyncookiesSent)
 * @param files the raw files of the run, relative to the report's folder
 * @param error why the client left no result, or why its result is incomplete (stopped at the time limit);
 *     {@code null} for a whole result
 */
public record Run(String strategy, String serverModel, int clients, boolean hold, long succeeded, long failed,
        Map<String, Long> failures, Map<String, String> examples, double wallSeconds, double clientsPerSecond,
        Latency connect, Latency request, Client client, Server server, Observed observed, Map<String, Long> kernel,
        Files files, String error) {

    public Run {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(serverModel, "serverModel");
        failures = Map.copyOf(failures);
        examples = Map.copyOf(examples);
        kernel = Map.copyOf(kernel);
    }

    /**
     * With {@code hold}: how many of the connections the client held at once were never open at the server at the
     * same time (0 without a server's counters). A client's connect completes in the server's kernel; when the
     * server's acceptor falls behind, the last connections wait in its accept queue, and after the hold is released
     * they are accepted only as the first ones close — "held at once" from the client's side, not at the server's.
     */
    public long shortfall() {
        if (!hold || server == null || client == null || server.peakConnections() < 0) {
            return 0;
        }
        return Math.max(0, Math.min(clients, client.peakConnections()) - server.peakConnections());
    }

    /** Clients that did not get their reply: failed, never started (a stopped run), or without a result. */
    public long unserved() {
        return clients - succeeded;
    }

    /** How many clients failed with the kind labelled {@code kind}. */
    public long failures(String kind) {
        return failures.getOrDefault(kind, 0L);
    }

    /** Latency percentiles in milliseconds; -1 when nothing was measured. */
    public record Latency(double p50Ms, double p90Ms, double p99Ms, double maxMs) {
        public static final Latency NONE = new Latency(-1, -1, -1, -1);
    }

    /**
     * The client process's peaks (docs/CLIENT.md, resources); for {@code process} strategies also its children.
     *
     * @param peakConnections most connections open at once
     * @param children the child JVMs, {@code null} for in-process strategies
     */
    public record Client(long peakPlatformThreads, long peakVirtualThreads, long peakOsThreads, long peakOpenFds,
            long peakRssBytes, double cpuSeconds, long peakConnections, Children children) {}

    /** A {@code process} client's child JVMs: how many, and what they cost together. */
    public record Children(int planned, int spawned, int spawnFailed, int died, long sumPeakRssBytes,
            long sumPeakOsThreads, double cpuSeconds) {}

    /**
     * The server's final status line (-1 where it printed none) and its start-up settings.
     *
     * @param peakConnections most connections open at once
     * @param busy connections answered {@code ERROR busy} (at --max-connections)
     * @param noThread connections closed because no thread could be started for them
     */
    public record Server(long accepted, long peakConnections, long requests, long busy, long noThread,
            long acceptFailures, long peakPlatformThreads, long peakVirtualThreads, int backlog, int maxConnections) {}

    /**
     * Sampled every 200 ms during the run; -1 where unknown.
     *
     * @param peakMachineThreads the most threads on the whole machine (what {@code pid_max} is spent on)
     * @param minMemAvailableBytes the least MemAvailable
     * @param serverPeakOsThreads the server process's most OS threads
     * @param serverPeakOpenFds the server process's most open descriptors
     * @param serverPeakRssBytes the server process's most resident memory
     */
    public record Observed(long peakMachineThreads, long minMemAvailableBytes, long serverPeakOsThreads,
            long serverPeakOpenFds, long serverPeakRssBytes) {}

    /** Paths relative to the report folder; {@code null} where there is none. */
    public record Files(String clientJson, String clientJfr, String serverJfr) {}
}
