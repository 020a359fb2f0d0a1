package timelab.experiment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import timelab.client.ClientRun;
import timelab.client.ClientStrategy;
import timelab.client.FailureKind;
import timelab.measure.ProcessProbe;
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
     * @param strategy the client strategy
     * @param server a server child of a model, or a running server to use instead of starting one
     * @param serverArgs extra server flags (a server child's)
     * @param clientArgs extra client flags (timeouts, …)
     * @param jfr whether both sides record JFR into the report's {@code jfr/} folder
     * @param timeout how long the client may run before it is stopped
     */
    record Spec(String name, ClientStrategy strategy, ServerUnderTest server, List<String> serverArgs, int clients,
            boolean hold, List<String> clientArgs, boolean jfr, Duration timeout) {
        Spec {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(server, "server");
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
            serverJfr = spec.server() instanceof ServerUnderTest.Child ? "jfr/" + spec.name() + "-server.jfr" : null;
        }
        String json = "runs/" + spec.name() + ".json";
        List<String> serverArgs = new ArrayList<>(spec.serverArgs());
        if (serverJfr != null) {
            serverArgs.addAll(List.of("--jfr", dir.resolve(serverJfr).toString()));
        }
        ServerProcess server = switch (spec.server()) {
            case ServerUnderTest.Child c -> ServerProcess.start(c.model(), SERVER_JVM, serverArgs, START_TIMEOUT);
            case ServerUnderTest.External e -> null;
        };
        try {
            InetSocketAddress target = spec.server() instanceof ServerUnderTest.External e ? e.address()
                    : InetSocketAddress.createUnresolved("127.0.0.1", server.port());
            List<String> clientArgs = new ArrayList<>(List.of("--host", target.getHostString(), "--port",
                    Integer.toString(target.getPort()), "--strategy", spec.strategy().label(), "--clients",
                    Integer.toString(spec.clients()), "--max-failures", Integer.toString(spec.clients())));
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
            return assemble(spec, result, seen, observed, kernel, new Run.Files(
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
                failures, examples, r.wallSeconds(), r.clientsPerSecond(), r.connect(), r.request(),
                Run.Client.of(r), server, observed, kernel, files, result.error());
    }
}
