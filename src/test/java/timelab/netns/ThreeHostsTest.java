package timelab.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import timelab.AccessLogFile;
import timelab.ChildJvm;
import timelab.ChildProcesses;
import timelab.client.ClientRequestSamples;
import timelab.client.ClientRun;
import timelab.client.LoadPlan;

/**
 * One server host and three client hosts on this machine, each a network namespace with its own address and its own
 * ephemeral ports ({@link NetnsHosts}): real {@code timelab server} and {@code timelab client} JVMs, each started
 * inside its host through {@code ip netns exec}. Root only: skipped, saying why, where namespaces cannot be made.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ThreeHostsTest {

    private static final int SEGMENTS = 3;
    /**
     * How late a segment may start after --start-at (never before it: one clock, and the client sleeps until it): its
     * JVM was up a second or more before, so only a wake-up delay on a loaded machine.
     */
    private static final Duration START_BOUND = Duration.ofSeconds(1);

    /** How far ahead --start-at is: the next only when a segment's JVM was not ready a second before it. */
    private static final List<Duration> LEADS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(20));

    private static NetnsHosts hosts;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeHosts() {
        Optional<String> why = NetnsHosts.whyUnavailable();
        assumeTrue(why.isEmpty(), () -> why.orElseThrow());
        List<String> stale = NetnsHosts.removeStale();
        if (!stale.isEmpty()) {
            System.out.println("deleted the namespaces of a crashed earlier run, and what ran in them: " + stale);
        }
        hosts = NetnsHosts.create(SEGMENTS);
    }

    @AfterAll
    static void deleteHosts() {
        if (hosts != null) {
            hosts.close();
            assertThat(hosts.existing()).as("namespaces left behind").isEmpty();
        }
    }

    @AfterEach
    void noChildLeftBehind() {
        ChildProcesses.assertNoneLeftBehind();
    }

    @Test
    void eachClientHostReachesTheServerFromItsOwnAddressAndTheServerAcceptsEveryClient() throws Exception {
        Path log = dir.resolve("requests.log");
        List<Long> clientsPerHost = List.of(30L, 40L, 50L); // different, so each count tells its host
        int requests = 2;
        try (ChildJvm server = Hosted.server(hosts.server(), log)) {
            int port = server.awaitServerPort();
            List<ChildJvm> clients = new ArrayList<>();
            List<Path> json = new ArrayList<>();
            try {
                for (int i = 0; i < clientsPerHost.size(); i++) {
                    json.add(dir.resolve("client" + i + ".json"));
                    clients.add(Hosted.client(hosts.clients().get(i), "--host", NetnsHosts.SERVER_ADDRESS,
                            "--port", String.valueOf(port), "--clients", String.valueOf(clientsPerHost.get(i)),
                            "--requests", String.valueOf(requests), "--json", json.get(i).toString()));
                }
                for (ChildJvm c : clients) {
                    assertThat(Hosted.exitCode(c, Duration.ofSeconds(60))).as(String.join("\n", c.lines()))
                            .isZero();
                }
            } finally {
                clients.forEach(ChildJvm::close);
            }
            assertThat(server.terminate(Duration.ofSeconds(30))).as(String.join("\n", server.lines())).isZero();
            long total = clientsPerHost.stream().mapToLong(Long::longValue).sum();
            assertThat(Hosted.finalStatus(server).accepted()).as("the server's accepted count").isEqualTo(total);

            Map<String, Long> expectedConnections = new LinkedHashMap<>();
            for (int i = 0; i < clientsPerHost.size(); i++) {
                ClientRun run = ClientRun.fromJson(Files.readString(json.get(i)));
                assertThat(run.clients()).isEqualTo(clientsPerHost.get(i));
                assertThat(run.succeeded()).isEqualTo(clientsPerHost.get(i));
                assertThat(run.requests()).isEqualTo(clientsPerHost.get(i) * requests);
                expectedConnections.put(hosts.clients().get(i).address(), clientsPerHost.get(i));
            }
            AccessLogFile file = AccessLogFile.read(log);
            assertThat(Hosted.connectionsByAddress(file)).as("connections (address:port pairs) per client address")
                    .isEqualTo(expectedConnections);
            assertThat(file.lines().stream().collect(Collectors.groupingBy(Hosted::address, Collectors.counting())))
                    .as("requests per client address")
                    .isEqualTo(expectedConnections.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                            e -> e.getValue() * requests)));
        }
    }

    @Test
    void theNamespacesOfARunWhoseJvmIsGoneAreRemovedAndThoseOfALiveOneKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String stale = NetnsHosts.PREFIX + gone.pid() + "-server";
        NetnsHosts.ipOrFail("netns", "add", stale);
        try {
            assertThat(NetnsHosts.removeStale()).as("removed").contains(stale);
            assertThat(NetnsHosts.listNamespaces()).doesNotContain(stale);
            assertThat(hosts.existing()).as("this run's own namespaces, kept").hasSize(4);
        } finally {
            if (NetnsHosts.listNamespaces().contains(stale)) {
                NetnsHosts.ipOrFail("netns", "del", stale);
            }
        }
    }

    @Test
    void threeSegmentsStartedAtOneInstantFromThreeHostsMergeIntoTheWholePlan() throws Exception {
        int planClients = 88; // segments of 30, 29 and 29 clients: each count tells its host
        SegmentedRun run = null;
        for (Duration lead : LEADS) { // a longer lead only when some JVM was not ready in time (a loaded machine)
            run = SegmentedRun.run(hosts, Files.createDirectories(dir.resolve("lead-" + lead.toSeconds() + "s")),
                    planClients, lead);
            System.out.printf("--start-at %s ahead: each segment ready and waiting %s s%n", lead,
                    run.waitedSeconds());
            if (run.allWaited()) {
                break;
            }
        }
        assertThat(run.allWaited()).as("every segment ready a second before --start-at; waited (s): %s",
                run.waitedSeconds()).isTrue();
        assertThat(run.accepted()).as("the server's accepted count").isEqualTo(planClients);
        Instant startAt = run.startAt();
        List<Path> json = run.json();
        List<Path> jfr = run.jfr();

        Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < SEGMENTS; i++) {
            ClientRun segment = ClientRun.fromJson(Files.readString(json.get(i)));
            long mine = stripe(planClients, i);
            assertThat(segment.plan().segment()).isEqualTo(new LoadPlan.Segment(i, SEGMENTS));
            assertThat(segment.clients()).isEqualTo(mine);
            assertThat(segment.succeeded()).isEqualTo(mine);
            assertThat(Instant.parse(segment.startAt())).isEqualTo(startAt);
            assertThat(Instant.parse(segment.startedAt())).as("segment %d started at --start-at", i)
                    .isBetween(startAt, startAt.plus(START_BOUND));
            expected.put(hosts.clients().get(i).address(), mine);
        }
        assertThat(Hosted.connectionsByAddress(AccessLogFile.read(run.accessLog())))
                .as("connections per client address").isEqualTo(expected);

        Path merged = dir.resolve("merged.json");
        List<String> args = new ArrayList<>(List.of("merge", "--json", merged.toString()));
        json.forEach(p -> args.add(p.toString()));
        Hosted.Console console = Hosted.inProcess(args);
        assertThat(console.code()).as(console.out() + console.err()).isZero();
        ClientRun whole = ClientRun.fromJson(Files.readString(merged));
        assertThat(List.of(whole.clients(), whole.succeeded(), whole.requests())).as("clients, ok, requests")
                .containsOnly((long) planClients);
        assertThat(whole.failed()).isZero();

        ClientRequestSamples union = ClientRequestSamples.union(jfr);
        assertThat(union.outcomes()).isEqualTo(Map.of("OK", (long) planClients));
        assertThat(Hosted.withoutEncoding(whole.connect())).as("merged connect percentiles vs the raw samples")
                .isEqualTo(Hosted.withoutEncoding(ClientRun.Latency.of(union.connect())));
        assertThat(Hosted.withoutEncoding(whole.request())).as("merged request percentiles vs the raw samples")
                .isEqualTo(Hosted.withoutEncoding(ClientRun.Latency.of(union.request())));
    }

    /** How many of the plan's clients 1..n fall in segment {@code index}: those with (n-1) mod 3 == index. */
    private static long stripe(int clients, int index) {
        return IntStream.rangeClosed(1, clients).filter(n -> (n - 1) % SEGMENTS == index).count();
    }
}
