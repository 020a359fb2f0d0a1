package timelab.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import timelab.ChildJvm;

/**
 * One run of a plan cut into segments across the client hosts: a fresh {@code timelab server} in the server host
 * (port 0, an access log), then {@code timelab client --segment i/N} in client host i, every segment of the same plan
 * with the same {@code --start-at}, {@code lead} from now, each with its own {@code --json} and {@code --jfr}; the
 * clients run to their end, then the server is stopped with SIGTERM for its final status.
 *
 * @param startAt the instant every segment was given
 * @param waitedSeconds per segment, how long it said it would wait for {@code startAt} once ready (its {@code
 *     start-at …: waiting X s} line), negative when it was ready only after it ({@code already X s past})
 * @param accepted the server's accepted connections at shutdown
 * @param accessLog the server's access log
 * @param json each segment's {@code --json}
 * @param jfr each segment's {@code --jfr}
 */
record SegmentedRun(Instant startAt, List<Double> waitedSeconds, long accepted, Path accessLog, List<Path> json,
        List<Path> jfr) {

    private static final Pattern WAITING = Pattern.compile("start-at \\S+: waiting (\\d+(?:\\.\\d+)?) s.*");
    private static final Pattern PAST = Pattern.compile("start-at \\S+: already (\\d+(?:\\.\\d+)?) s past.*");

    /**
     * Whether every segment was ready and waiting at least a second before {@code startAt}: only then does its start
     * say anything about {@code --start-at}. On a loaded machine three JVMs may take longer than the lead to start.
     */
    boolean allWaited() {
        return waitedSeconds.stream().allMatch(w -> w >= 1.0);
    }

    /**
     * Runs {@code planClients} clients at {@code planClients} per second (one second of load, one request each), cut
     * into one segment per client host.
     */
    static SegmentedRun run(NetnsHosts hosts, Path dir, int planClients, Duration lead)
            throws IOException, InterruptedException {
        int segments = hosts.clients().size();
        Path log = dir.resolve("requests.log");
        List<Path> json = new ArrayList<>();
        List<Path> jfr = new ArrayList<>();
        List<Double> waited = new ArrayList<>();
        Instant startAt;
        long accepted;
        try (ChildJvm server = Hosted.server(hosts.server(), log)) {
            int port = server.awaitServerPort();
            startAt = Instant.now().plus(lead).truncatedTo(ChronoUnit.MILLIS);
            List<ChildJvm> clients = new ArrayList<>();
            try {
                for (int i = 0; i < segments; i++) {
                    json.add(dir.resolve("segment" + i + ".json"));
                    jfr.add(dir.resolve("segment" + i + ".jfr"));
                    clients.add(Hosted.client(hosts.clients().get(i), "--host", NetnsHosts.SERVER_ADDRESS,
                            "--port", String.valueOf(port), "--clients", String.valueOf(planClients), "--rate",
                            String.valueOf(planClients), "--requests", "1", "--segment", i + "/" + segments,
                            "--start-at", startAt.toString(), "--json", json.get(i).toString(),
                            "--jfr=" + jfr.get(i)));
                }
                for (ChildJvm c : clients) {
                    waited.add(waited(c.awaitLine(l -> l.startsWith("start-at "), lead.plus(Duration.ofSeconds(60)))));
                }
                for (ChildJvm c : clients) {
                    assertThat(Hosted.exitCode(c, lead.plus(Duration.ofSeconds(60))))
                            .as(String.join("\n", c.lines())).isZero();
                }
            } finally {
                clients.forEach(ChildJvm::close);
            }
            assertThat(server.terminate(Duration.ofSeconds(30))).as(String.join("\n", server.lines())).isZero();
            accepted = Hosted.finalStatus(server).accepted();
        }
        return new SegmentedRun(startAt, List.copyOf(waited), accepted, log, List.copyOf(json), List.copyOf(jfr));
    }

    private static double waited(String line) {
        Matcher w = WAITING.matcher(line);
        if (w.matches()) {
            return Double.parseDouble(w.group(1));
        }
        Matcher p = PAST.matcher(line);
        if (p.matches()) {
            return -Double.parseDouble(p.group(1));
        }
        throw new AssertionError("not a start-at line: " + line);
    }
}
