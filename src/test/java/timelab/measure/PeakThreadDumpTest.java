package timelab.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.LineClient;
import timelab.server.ServerObserver;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;

/** The JSON thread dump written when concurrency peaks: what it lists, and when (not) it is written. */
class PeakThreadDumpTest {

    private static final Duration SETTLE = Duration.ofMillis(300);

    @Test
    void aDumpAtThePeakListsTheServersVirtualThreads(@TempDir Path dir) throws Exception {
        int held = 25;
        Path file = dir.resolve("threads-at-peak.json");
        List<String> reports = new CopyOnWriteArrayList<>();
        List<LineClient> clients = new ArrayList<>();
        try (TimeServer server = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()),
                ServerObserver.NONE);
                PeakThreadDump dump = PeakThreadDump.start(ServerEvents.concurrencyOf(server), file, SETTLE,
                        reports::add)) {
            for (int i = 0; i < held; i++) {
                LineClient c = new LineClient(server.port());
                clients.add(c);
                c.send("TIME\r\n").readLine();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> dump.written() != null);
        } finally {
            for (LineClient c : clients) {
                c.close();
            }
        }
        JsonNode dump = new ObjectMapper().readTree(file.toFile()).get("threadDump");
        List<String> names = new ArrayList<>();
        dump.get("threadContainers").forEach(c -> c.get("threads").forEach(t -> names.add(t.get("name").asText())));
        assertThat(names.stream().filter(n -> n.startsWith("timelab-virtual-"))).hasSize(held);
        assertThat(names).contains("timelab-acceptor");
        assertThat(reports).singleElement().asString().startsWith("thread dump at peak: " + held
                + " active connections (peak " + held + ")").endsWith(file.toString());
        ThreadDumps.Census census = ThreadDumps.census(file);
        assertThat(census.threads()).isEqualTo(names.size());
        if (Runtime.version().feature() >= 25) { // JDK 25 marks virtual threads in the JSON
            assertThat(census.virtualThreads()).isGreaterThanOrEqualTo(held);
        }
        assertThat(Files.list(dir)).containsExactly(file); // no partial file left behind
    }

    @Test
    void aRampGivesOneDumpAndOnlyAClearlyHigherPeakGivesAnother(@TempDir Path dir) throws Exception {
        AtomicLong active = new AtomicLong();
        List<String> reports = new CopyOnWriteArrayList<>();
        AtomicLong polls = new AtomicLong();
        ConcurrencySource source = () -> {
            polls.incrementAndGet();
            return new ConcurrencyCounts("test", active.get(), active.get(), 0, 0);
        };
        try (PeakThreadDump dump = PeakThreadDump.start(source, dir.resolve("peak.json"), SETTLE, reports::add)) {
            for (int i = 1; i <= 100; i++) { // a ramp that climbs faster than the peak settles
                active.set(i);
                Thread.sleep(2); // the ramp's pace, not synchronisation
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> reports.size() == 1);
            assertThat(reports.get(0)).startsWith("thread dump at peak: 100 active connections");

            active.set(105); // 5% higher: not a new peak worth a dump
            await().during(SETTLE.multipliedBy(3)).atMost(Duration.ofSeconds(20)).until(() -> reports.size() == 1);

            active.set(200); // a burst the poller sees, gone before it settled: nothing to dump
            long seen = polls.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> polls.get() >= seen + 2);
            active.set(60);
            await().during(SETTLE.multipliedBy(3)).atMost(Duration.ofSeconds(20)).until(() -> reports.size() == 1);

            active.set(200); // back up and holding: 10% over 100 and more
            await().atMost(Duration.ofSeconds(20)).until(() -> reports.size() == 2);
            assertThat(reports.get(1)).startsWith("thread dump at peak: 200 active connections (peak 200)");
        }
    }
}
