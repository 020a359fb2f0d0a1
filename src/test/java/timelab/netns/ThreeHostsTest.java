package timelab.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import timelab.AccessLogFile;
import timelab.ChildJvm;
import timelab.ChildProcesses;
import timelab.client.ClientRun;

/**
 * One server host and three client hosts on this machine, each a network namespace with its own address and its own
 * ephemeral ports ({@link NetnsHosts}): real {@code timelab server} and {@code timelab client} JVMs, each started
 * inside its host through {@code ip netns exec}. Root only: skipped, saying why, where namespaces cannot be made.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ThreeHostsTest {

    private static NetnsHosts hosts;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeHosts() {
        Optional<String> why = NetnsHosts.whyUnavailable();
        assumeTrue(why.isEmpty(), () -> why.orElseThrow());
        NetnsHosts.removeStale();
        hosts = NetnsHosts.create(3);
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
}
