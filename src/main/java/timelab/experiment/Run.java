package timelab.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonIncludeProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import timelab.client.ClientRun;
import timelab.client.ClientStrategy;
import timelab.client.FailureKind;
import timelab.fork.Jdk;

/**
 * One client run against one server, as an experiment saw it: the client's result, the server's final status, what
 * the machine and the kernel did meanwhile, and where the raw files are. The unit of every experiment's report.
 *
 * @param strategy the client strategy (its label in the JSON)
 * @param serverModel the server: a model's child or {@code external} for {@code --server HOST:PORT} (its label in
 *     the JSON)
 * @param clients clients asked for
 * @param hold whether every client held its connection until all were connected
 * @param succeeded clients whose every reply was right
 * @param failed clients that failed (all of them when the client child left no result)
 * @param failures failed clients by kind (labels in the JSON, docs/reference/report-json.md), in the taxonomy's order
 * @param examples the first raw message of each kind, in the taxonomy's order
 * @param wallSeconds the client's wall time
 * @param clientsPerSecond clients that succeeded per second of the client's wall time; 0 when none did
 * @param connect connect latency, the client's own record; {@link #NO_LATENCY} when nothing was measured. The JSON
 *     keeps its percentiles only ({@code p50Ms}, {@code p90Ms}, {@code p99Ms}, {@code maxMs})
 * @param request request latency, as {@code connect}
 * @param client the client process's peaks
 * @param server the server's own counters at its end, {@code null} for an external server
 * @param observed the machine and server sampled every 200 ms during the run
 * @param kernel the change of the kernel's TcpExt counters over the run (ListenOverflows, ListenDrops, SyncookiesSent)
 * @param files the raw files of the run, relative to the report's folder
 * @param error why the client left no result, or why its result is incomplete (stopped at the time limit);
 *     {@code null} for a whole result
 */
public record Run(ClientStrategy strategy, ServerUnderTest serverModel, int clients, boolean hold, long succeeded,
        long failed, Map<FailureKind, Long> failures, Map<FailureKind, String> examples, double wallSeconds,
        double clientsPerSecond, @JsonIncludeProperties({"p50Ms", "p90Ms", "p99Ms", "maxMs"}) ClientRun.Latency connect,
        @JsonIncludeProperties({"p50Ms", "p90Ms", "p99Ms", "maxMs"}) ClientRun.Latency request, Client client,
        Server server, Observed observed, Map<String, Long> kernel, Files files, String error) {

    /** A latency where nothing was measured: every percentile -1. */
    public static final ClientRun.Latency NO_LATENCY = new ClientRun.Latency(0, -1, -1, -1, -1, -1, -1, null);

    public Run {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(serverModel, "serverModel");
        failures = byKind(failures);
        examples = byKind(examples);
        kernel = Map.copyOf(kernel);
        connect = measured(connect);
        request = measured(request);
    }

    private static <V> Map<FailureKind, V> byKind(Map<FailureKind, V> m) {
        Map<FailureKind, V> copy = new EnumMap<>(FailureKind.class);
        copy.putAll(m);
        return Collections.unmodifiableMap(copy);
    }

    private static ClientRun.Latency measured(ClientRun.Latency l) {
        return l == null || l.count() == 0 ? NO_LATENCY : l;
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

    /** How many clients failed with {@code kind}. */
    public long failures(FailureKind kind) {
        return failures.getOrDefault(kind, 0L);
    }

    /**
     * The client process's peaks, the client's own records (docs/reference/report-json.md): in the JSON its resources'
     * fields inline, then {@code peakConnections}, then the children's totals.
     *
     * @param resources what the client process used
     * @param peakConnections most connections open at once
     * @param children the child JVMs, {@code null} for in-process strategies; the JSON keeps how many and what they
     *     cost together
     * @param jdk the JDK the client process said it ran on, {@code null} when it said nothing
     */
    public record Client(@JsonUnwrapped ClientRun.Resources resources, long peakConnections,
            @JsonIncludeProperties({"planned", "spawned", "spawnFailed", "died", "sumPeakRssBytes", "sumPeakOsThreads",
                "cpuSeconds"}) ClientRun.Children children, Jdk jdk) {

        public Client {
            Objects.requireNonNull(resources, "resources");
        }

        /** The client side of {@code r}, run on {@code jdk}. */
        static Client of(ClientRun r, Jdk jdk) {
            return new Client(r.resources(), r.peakConcurrentConnections(), r.children(), jdk);
        }
    }

    /**
     * The server's final status line (-1 where it printed none) and its start-up settings.
     *
     * @param peakConnections most connections open at once
     * @param busy connections answered {@code ERROR busy} (at --max-connections)
     * @param noThread connections closed because no thread could be started for them
     * @param jdk the JDK the server said it ran on, {@code null} when it said nothing
     */
    public record Server(long accepted, long peakConnections, long requests, long busy, long noThread,
            long acceptFailures, long peakPlatformThreads, long peakVirtualThreads, int backlog, int maxConnections,
            Jdk jdk, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Worker> workers) {

        public Server {
            workers = workers == null ? List.of() : List.copyOf(workers);
        }

        /** One server process. */
        public Server(long accepted, long peakConnections, long requests, long busy, long noThread,
                long acceptFailures, long peakPlatformThreads, long peakVirtualThreads, int backlog,
                int maxConnections, Jdk jdk) {
            this(accepted, peakConnections, requests, busy, noThread, acceptFailures, peakPlatformThreads,
                    peakVirtualThreads, backlog, maxConnections, jdk, List.of());
        }

        /** How many processes served: 1, or its workers ({@code --server-processes N}). */
        public int processes() {
            return Math.max(1, workers.size());
        }
    }

    /**
     * One worker process of a server child started with {@code --server-processes N} ({@code timelab server
     * --processes N}): its own counters at its end and its peaks sampled during the run; -1 where unknown.
     *
     * @param pid the worker's process id
     * @param accepted connections it accepted
     * @param peakConnections the most connections it had open at once
     * @param peakOsThreads its most OS threads, sampled
     * @param peakOpenFds its most open descriptors, sampled
     * @param peakRssBytes its most resident memory, sampled
     */
    public record Worker(long pid, long accepted, long peakConnections, long peakOsThreads, long peakOpenFds,
            long peakRssBytes) {}

    /**
     * Sampled every 200 ms during the run; -1 where unknown.
     *
     * @param peakMachineThreads the most threads on the whole machine (what {@code pid_max} is spent on)
     * @param minMemAvailableBytes the least MemAvailable
     * @param serverPeakOsThreads the server process's most OS threads (with workers: the most of their sum at one
     *     sample)
     * @param serverPeakOpenFds the server process's most open descriptors (with workers: of their sum)
     * @param serverPeakRssBytes the server process's most resident memory (with workers: of their sum)
     */
    public record Observed(long peakMachineThreads, long minMemAvailableBytes, long serverPeakOsThreads,
            long serverPeakOpenFds, long serverPeakRssBytes) {}

    /** Paths relative to the report folder; {@code null} where there is none. */
    public record Files(String clientJson, String clientJfr, String serverJfr) {}
}
