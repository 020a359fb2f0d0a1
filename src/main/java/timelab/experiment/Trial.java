package timelab.experiment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import timelab.app.ClientAppConfig;
import timelab.app.Evidence;
import timelab.app.ServerAppConfig;
import timelab.client.ClientRun;
import timelab.client.ClientStrategy;
import timelab.client.FailureKind;
import timelab.client.LoadPlan;
import timelab.fork.JavaRuntime;
import timelab.fork.Jdk;
import timelab.measure.ProcessProbe;
import timelab.server.ServerStatus;
import timelab.server.WorkerStatus;

/**
 * One run of an experiment: a fresh server child (or an external server), a client child against it, the machine
 * watched meanwhile, the kernel's counters read before and after, the server stopped for its final status — then one
 * {@link Run}. Every experiment is a sequence of trials.
 */
final class Trial {

    /** The kernel counters a run reports the change of. */
    static final List<String> KERNEL_COUNTERS = List.of("ListenOverflows", "ListenDrops", "SyncookiesSent",
            "SyncookiesRecv", "SyncookiesFailed", "TCPReqQFullDrop", "TCPReqQFullDoCookies");

    /**
     * The client child compiles with C1 only, as {@code ./timelab client} does: runs last seconds
     * (docs/explanation/profiles.md).
     */
    static final List<String> CLIENT_JVM = List.of("-XX:TieredStopAtLevel=1");
    /**
     * The server child runs with the collector settings {@code ./timelab server} gives it
     * (docs/explanation/profiles.md).
     */
    static final List<String> SERVER_JVM = List.of("-XX:+UseSerialGC", "-Xmn16m");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param name the run's file name stem ({@code virtual-nio-1000})
     * @param strategy the client strategy
     * @param server a server child of a model, or a running server to use instead of starting one
     * @param serverConfig a server child's config, its model set from {@code server} per run
     * @param client the clients' timeouts and how long they hold
     * @param jfr whether both sides record JFR into the report's {@code jfr/} folder
     * @param timeout how long the client may run before it is stopped
     * @param java what the server and client children run on
     */
    record Spec(String name, ClientStrategy strategy, ServerUnderTest server, ServerAppConfig serverConfig,
            int clients, boolean hold, Timing client, boolean jfr, Duration timeout, JavaRuntime java) {
        Spec {
            Objects.requireNonNull(java, "java");
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(serverConfig, "serverConfig");
            Objects.requireNonNull(client, "client");
        }
    }

    /**
     * The client's timeouts.
     *
     * @param holdFor with {@code hold}: how long the connections stay open once all are connected
     */
    record Timing(Duration connectTimeout, Duration readTimeout, Duration holdFor) {
        Timing {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(readTimeout, "readTimeout");
            Objects.requireNonNull(holdFor, "holdFor");
        }
    }

    /** Where a run's files go under the report folder, relative to it; a JFR file {@code null} when not recorded. */
    private record Paths(String json, String clientJfr, String serverJfr) {
        static Paths of(Spec spec, Path dir) throws IOException {
            Files.createDirectories(dir.resolve("runs"));
            if (!spec.jfr()) {
                return new Paths("runs/" + spec.name() + ".json", null, null);
            }
            Files.createDirectories(dir.resolve("jfr"));
            return new Paths("runs/" + spec.name() + ".json", "jfr/" + spec.name() + "-client.jfr",
                    spec.server() instanceof ServerUnderTest.Child ? "jfr/" + spec.name() + "-server.jfr" : null);
        }
    }

    private Trial() {}

    /** Runs {@code spec}, its files under {@code dir}. */
    static Run run(Spec spec, Path dir) throws IOException, InterruptedException {
        Paths paths = Paths.of(spec, dir);
        ServerProcess server = switch (spec.server()) {
            case ServerUnderTest.Child c -> ServerProcess.start(spec.java(), spec.serverConfig().withModel(c.model())
                    .withEvidence(evidence(dir, paths.serverJfr())), SERVER_JVM, START_TIMEOUT);
            case ServerUnderTest.External e -> null;
        };
        try {
            InetSocketAddress target = spec.server() instanceof ServerUnderTest.External e ? e.address()
                    : InetSocketAddress.createUnresolved("127.0.0.1", server.port());
            ClientAppConfig client = clientConfig(spec, target, dir.resolve(paths.json()),
                    evidence(dir, paths.clientJfr()));
            Map<String, Long> before = ProcessProbe.tcpExtCounters();
            ClientProcess.Result result;
            Run.Observed observed;
            Extremes watch;
            try (ClientProcess child = ClientProcess.start(spec.java(), client, CLIENT_JVM)) {
                watch = new Extremes(server == null ? List.of() : server.servingPids());
                try {
                    result = child.await(spec.timeout());
                } finally {
                    watch.close();
                }
                observed = watch.observed();
            }
            Map<String, Long> kernel = delta(before, ProcessProbe.tcpExtCounters());
            Run.Server seen = server == null ? null : stop(server, watch);
            return assemble(spec, result, seen, observed, kernel, new Run.Files(result.run() == null ? null
                    : paths.json(), existing(dir, paths.clientJfr()), existing(dir, paths.serverJfr())));
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * The client child's config, as {@code timelab client --progress off --max-failures N} would run it against
     * {@code target}, its run written to {@code json}.
     */
    static ClientAppConfig clientConfig(Spec spec, InetSocketAddress target, Path json, Evidence evidence) {
        Timing t = spec.client();
        LoadPlan plan = new LoadPlan(target.getHostString(), List.of(target.getPort()), List.of(), spec.clients(), 1,
                spec.hold(), t.holdFor(), Duration.ZERO, 0, Duration.ZERO, t.connectTimeout(), t.readTimeout(),
                LoadPlan.Exchange.TIME, LoadPlan.Spawning.DEFAULT);
        ClientAppConfig.Output output = new ClientAppConfig.Output(json.toAbsolutePath(), false,
                ClientAppConfig.ProgressMode.OFF, spec.clients(), true);
        return new ClientAppConfig(plan, spec.strategy(), ClientAppConfig.of(plan, spec.strategy()).warmUp(), output,
                evidence);
    }

    /** A JFR recording into {@code dir/file}, or none when {@code file} is {@code null}. */
    private static Evidence evidence(Path dir, String file) {
        return file == null ? Evidence.NONE : new Evidence(true, dir.resolve(file).toAbsolutePath(), false);
    }

    /** Stops the server for its final status; when it did not stop in time and was killed, its last one. */
    private static Run.Server stop(ServerProcess server, Extremes watch) {
        Optional<ServerStatus> status;
        List<WorkerStatus> workers;
        try {
            status = server.stop(STOP_TIMEOUT);
            workers = server.finalWorkers();
        } catch (IOException e) {
            status = server.lastStatus();
            workers = server.lastWorkers();
        }
        Run.Server s = server(status, server.backlog(), server.maxConnections(), server.jdk());
        return withWorkers(s, workers, watch);
    }

    /**
     * {@code s} with one {@link Run.Worker} per worker of a server of several processes: its counters from its
     * status, its peaks from {@code watch}.
     */
    static Run.Server withWorkers(Run.Server s, List<WorkerStatus> workers, Extremes watch) {
        if (workers.isEmpty()) {
            return s;
        }
        List<Run.Worker> each = workers.stream().map(w -> {
            Extremes.Peaks p = watch.peaks(w.pid());
            return new Run.Worker(w.pid(), w.status().accepted(), w.status().peak(), p.osThreads(), p.openFds(),
                    p.rssBytes());
        }).toList();
        return new Run.Server(s.accepted(), s.peakConnections(), s.requests(), s.busy(), s.noThread(),
                s.acceptFailures(), s.peakPlatformThreads(), s.peakVirtualThreads(), s.backlog(), s.maxConnections(),
                s.jdk(), each);
    }

    /** {@code file} when it exists under {@code dir} (a crashed side leaves no recording), else {@code null}. */
    private static String existing(Path dir, String file) {
        return file != null && Files.isRegularFile(dir.resolve(file)) ? file : null;
    }

    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new LinkedHashMap<>();
        for (String k : KERNEL_COUNTERS) {
            if (before.containsKey(k) && after.containsKey(k)) {
                d.put(k, after.get(k) - before.get(k));
            }
        }
        return d;
    }

    /** What the server said last; every figure -1 when it said nothing. */
    static Run.Server server(Optional<ServerStatus> status, int backlog, int maxConnections, Jdk jdk) {
        return status.map(s -> new Run.Server(s.accepted(), s.peak(), s.requests(), s.busy(), s.noThread(),
                        s.acceptFailures(), s.peakPlatformThreads(), s.peakVirtualThreads(), backlog, maxConnections,
                        jdk))
                .orElseGet(() -> new Run.Server(-1, -1, -1, -1, -1, -1, -1, -1, backlog, maxConnections, jdk));
    }

    static Run assemble(Spec spec, ClientProcess.Result result, Run.Server server,
            Run.Observed observed, Map<String, Long> kernel, Run.Files files) {
        ClientRun r = result.run();
        if (r == null) {
            String last = result.lastLines().isEmpty() ? ""
                    : "; last output: " + String.join(" | ",
                            result.lastLines().subList(Math.max(0, result.lastLines().size() - 5),
                                    result.lastLines().size()));
            return new Run(spec.strategy(), spec.server(), spec.clients(), spec.hold(), 0, spec.clients(),
                    Map.of(), Map.of(), 0, 0, null, null, null, server, observed, kernel, files, result.error() + last);
        }
        Map<FailureKind, Long> failures = new EnumMap<>(FailureKind.class);
        Map<FailureKind, String> examples = new EnumMap<>(FailureKind.class);
        r.failures().values().forEach(count -> {
            FailureKind kind = FailureKind.ofLabel(count.kind());
            failures.put(kind, count.count());
            if (!count.examples().isEmpty()) {
                examples.put(kind, count.examples().get(0));
            }
        });
        return new Run(spec.strategy(), spec.server(), spec.clients(), spec.hold(), r.succeeded(), r.failed(),
                failures, examples, r.wallSeconds(), r.clientsPerSecond() == null ? 0 : r.clientsPerSecond(),
                r.connect(), r.request(),
                Run.Client.of(r, result.jdk()), server, observed, kernel, files, result.error());
    }
}
