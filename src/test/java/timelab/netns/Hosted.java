package timelab.netns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import timelab.AccessLogFile;
import timelab.ChildJvm;
import timelab.cli.TimelabCommand;
import timelab.client.ClientRun;
import timelab.fork.Message;
import timelab.server.ServerStatus;

/**
 * {@code timelab} children started inside a {@link NetnsHosts.Host} (through {@code timelab.fork}'s command builder
 * and process handle, the host's {@code ip netns exec} as the launcher), and what they leave behind, read back.
 */
final class Hosted {

    /** As ./timelab starts a client: C1 only (a run of seconds); the serial collector, for a quick start. */
    private static final List<String> CLIENT_JVM = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");

    private Hosted() {}

    /** {@code timelab server} on every address of the host, port 0, status as messages, an access log. */
    static ChildJvm server(NetnsHosts.Host host, Path accessLog) throws IOException {
        return ChildJvm.timelabLaunchedBy(host.launcher(), List.of("-Xmx256m"), "server", "--model", "virtual",
                "--bind", "0.0.0.0", "--port", "0", "--status-format", "json", "--status-interval", "0",
                "--access-log", accessLog.toString(), "--access-log-fsync", "no");
    }

    /** {@code timelab client args…} with the virtual strategy, no warm-up, no progress lines. */
    static ChildJvm client(NetnsHosts.Host host, String... args) throws IOException {
        String[] all = Stream.concat(Stream.of("client", "--strategy", "virtual", "--warm-up", "0", "--progress",
                "off"), Stream.of(args)).toArray(String[]::new);
        return ChildJvm.timelabLaunchedBy(host.launcher(), CLIENT_JVM, all);
    }

    /** Waits for the child's exit; fails with its output if it has not ended within {@code timeout}. */
    static int exitCode(ChildJvm child, Duration timeout) throws InterruptedException {
        if (!child.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; output:\n"
                    + String.join("\n", child.lines()));
        }
        return child.process().exitValue();
    }

    /** The server's status at shutdown (its {@link Message.Final}). */
    static ServerStatus finalStatus(ChildJvm server) {
        return server.messages().stream().filter(Message.Final.class::isInstance).map(Message.Final.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no final status; output:\n"
                        + String.join("\n", server.lines())))
                .status();
    }

    /** A log line's client address, without its port. */
    static String address(AccessLogFile.Line line) {
        return line.remote().substring(0, line.remote().lastIndexOf(':'));
    }

    /** The connections seen per client address: distinct source ports (one per connection of a host's run). */
    static Map<String, Long> connectionsByAddress(AccessLogFile log) {
        return log.lines().stream().collect(Collectors.groupingBy(Hosted::address, TreeMap::new,
                Collectors.mapping(AccessLogFile.Line::port, Collectors.collectingAndThen(Collectors.toSet(),
                        s -> (long) s.size()))));
    }

    /** What a command run in this JVM printed, and its exit code. */
    record Console(int code, String out, String err) {}

    /** {@code timelab args…} run in this JVM, as {@code Main} runs it, its output captured. */
    static Console inProcess(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TimelabCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        return new Console(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A latency's figures without its encoded histogram: two histograms of the same values may encode to different
     * bytes (their sizes differ), their count, percentiles, maximum and mean may not.
     */
    static ClientRun.Latency withoutEncoding(ClientRun.Latency l) {
        return new ClientRun.Latency(l.count(), l.p50Ms(), l.p90Ms(), l.p99Ms(), l.p999Ms(), l.maxMs(), l.meanMs(),
                null);
    }
}
