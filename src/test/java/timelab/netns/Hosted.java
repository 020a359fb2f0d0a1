package timelab.netns;

import java.io.IOException;
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
import timelab.fork.Message;
import timelab.server.ServerStatus;

/**
 * {@code timelab} children started inside a {@link NetnsHosts.Host} (through {@code timelab.fork}'s command builder
 * and process handle, the host's {@code ip netns exec} as the launcher), and what they leave behind, read back.
 */
final class Hosted {

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
        return ChildJvm.timelabLaunchedBy(host.launcher(), List.of("-Xmx128m"), all);
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
}
