package timelab.experiment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import timelab.client.ClientRun;
import timelab.measure.ProcessProbe;
import timelab.server.ServerModel;
import timelab.server.ServerStatus;

/**
 * One run of an experiment: a fresh server child (or an external server), a client child against it, the machine
 * watched meanwhile, the kernel's counters read before and after, the server stopped for its final status — then one
 * {@link Run}. Every experiment is a sequence of trials.
 */
final class Trial {

    /** The kernel counters a run reports the change of. */
    static final List<String> KERNEL_COUNTERS = List.of("ListenOverflows", "ListenDrops", "SyncookiesSent",
            "SyncookiesRecv", "SyncookiesFailed", "TCPReqQFullDrop", "TCPReqQFullDoCookies");

    /** The client child compiles with C1 only, as {@code ./timelab client} does: runs last seconds (PERFORMANCE.md). */
    static final List<String> CLIENT_JVM = List.of("-XX:TieredStopAtLevel=1");
    /** The server child runs with the collector settings {@code ./timelab server} gives it (PERFORMANCE.md). */
    static final List<String> SERVER_JVM = List.of("-XX:+UseSerialGC", "-Xmn16m");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param name the run's file name stem ({@code virtual-nio-1000})
     * @param strategy the client strategy, as {@code timelab client --strategy} takes it
     * @param model the server model; ignored with {@code external}
     * @param serverArgs extra server flags
     * @param external a running server to use instead of starting one, or {@code null}
     * @param clientArgs extra client flags (timeouts, …)
     * @param jfr whether both sides record JFR into the report's {@code jfr/} folder
     * @param timeout how long the client may run before it is stopped
     */
    record Spec(String name, String strategy, ServerModel model, List<String> serverArgs, InetSocketAddress external,
            int clients, boolean hold, List<String> clientArgs, boolean jfr, Duration timeout) {
        Spec {
            serverArgs = List.copyOf(serverArgs);
            clientArgs = List.copyOf(clientArgs);
        }
    }

    private Trial() {}

    /** Runs {@code spec}, its files under {@code dir}. */
    static Run run(Spec spec, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("runs"));
        String clientJfr = null;
        String serverJfr = null;
        if (spec.jfr()) {
            Files.createDirectories(dir.resolve("jfr"));
            clientJfr = "jfr/" + spec.name() + "-client.jfr";
            serverJfr = spec.external() == null ? "jfr/" + spec.name() + "-server.jfr" : null;
        }
        String json = "runs/" + spec.name() + ".json";
        List<String> serverArgs = new ArrayList<>(spec.serverArgs());
        if (serverJfr != null) {
            serverArgs.addAll(List.of("--jfr", dir.resolve(serverJfr).toString()));
        }
        ServerProcess server = spec.external() == null
                ? ServerProcess.start(spec.model(), SERVER_JVM, serverArgs, START_TIMEOUT) : null;
        try {
            String host = server == null ? spec.external().getHostString() : "127.0.0.1";
            int port = server == null ? spec.external().getPort() : server.port();
            List<String> clientArgs = new ArrayList<>(List.of("--host", host, "--port", Integer.toString(port),
                    "--strategy", spec.strategy(), "--clients", Integer.toString(spec.clients()),
                    "--max-failures", Integer.toString(spec.clients())));
            if (spec.hold()) {
                clientArgs.add("--hold");
            }
            if (clientJfr != null) {
                clientArgs.addAll(List.of("--jfr", dir.resolve(clientJfr).toString()));
            }
            clientArgs.addAll(spec.clientArgs());
            Map<String, Long> before = ProcessProbe.tcpExtCounters();
            ClientProcess.Result result;
            Run.Observed observed;
            try (ClientProcess client = ClientProcess.start(CLIENT_JVM, clientArgs, dir.resolve(json))) {
                Extremes watch = new Extremes(server == null ? -1 : server.pid());
                try {
                    result = client.await(spec.timeout());
                } finally {
                    watch.close();
                }
                observed = watch.observed();
            }
            Map<String, Long> kernel = delta(before, ProcessProbe.tcpExtCounters());
            Run.Server seen = null;
            if (server != null) {
                Optional<ServerStatus> status;
                try {
                    status = server.stop(STOP_TIMEOUT);
                } catch (IOException e) { // it did not stop in time and was killed: its last status is all there is
                    status = server.lastStatus();
                }
                seen = server(status, server.backlog(), server.maxConnections());
            }
            String modelLabel = server == null ? "external" : spec.model().label();
            return assemble(spec, modelLabel, result, seen, observed, kernel, new Run.Files(
                    result.run() == null ? null : json, existing(dir, clientJfr), existing(dir, serverJfr)));
        } finally {
            if (server != null) {
                server.close();
            }
        }
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
    static Run.Server server(Optional<ServerStatus> status, int backlog, int maxConnections) {
        return status.map(s -> new Run.Server(s.accepted(), s.peak(), s.requests(), s.busy(), s.noThread(),
                        s.acceptFailures(), s.peakPlatformThreads(), s.peakVirtualThreads(), backlog, maxConnections))
                .orElseGet(() -> new Run.Server(-1, -1, -1, -1, -1, -1, -1, -1, backlog, maxConnections));
    }

    static Run assemble(Spec spec, String modelLabel, ClientProcess.Result result, Run.Server server,
            Run.Observed observed, Map<String, Long> kernel, Run.Files files) {
        ClientRun r = result.run();
        if (r == null) {
            String last = result.lastLines().isEmpty() ? ""
                    : "; last output: " + String.join(" | ",
                            result.lastLines().subList(Math.max(0, result.lastLines().size() - 5),
                                    result.lastLines().size()));
            return new Run(spec.strategy(), modelLabel, spec.clients(), spec.hold(), 0, spec.clients(), Map.of(),
                    Map.of(), 0, 0, Run.Latency.NONE, Run.Latency.NONE, null, server, observed, kernel, files,
                    result.error() + last);
        }
        Map<String, Long> failures = new LinkedHashMap<>();
        Map<String, String> examples = new LinkedHashMap<>();
        r.failures().forEach((kind, count) -> {
            failures.put(kind, count.count());
            if (!count.examples().isEmpty()) {
                examples.put(kind, count.examples().get(0));
            }
        });
        ClientRun.Resources res = r.resources();
        ClientRun.Children ch = r.children();
        Run.Client client = new Run.Client(res.peakPlatformThreads(), res.peakVirtualThreads(), res.peakOsThreads(),
                res.peakOpenFds(), res.peakRssBytes(), res.cpuSeconds(), r.peakConcurrentConnections(),
                ch == null ? null : new Run.Children(ch.planned(), ch.spawned(), ch.spawnFailed(), ch.died(),
                        ch.sumPeakRssBytes(), ch.sumPeakOsThreads(), ch.cpuSeconds()));
        return new Run(r.strategy(), modelLabel, spec.clients(), spec.hold(), r.succeeded(), r.failed(), failures,
                examples, r.wallSeconds(), r.clientsPerSecond(), latency(r.connect()), latency(r.request()), client,
                server, observed, kernel, files, result.error());
    }

    private static Run.Latency latency(ClientRun.Latency l) {
        return l == null || l.count() == 0 ? Run.Latency.NONE
                : new Run.Latency(l.p50Ms(), l.p90Ms(), l.p99Ms(), l.maxMs());
    }
}
