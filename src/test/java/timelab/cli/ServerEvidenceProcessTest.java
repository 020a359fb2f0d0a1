package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.ChildJvm;
import timelab.fork.Message;
import timelab.LineClient;
import timelab.measure.JfrSummary;
import timelab.measure.RecordingSummary;

/** {@code timelab server --jfr --thread-dump-at-peak} as a user runs it, in a real JVM, also at the fd limit. */
class ServerEvidenceProcessTest {

    @Test
    void jfrRecordsTheRunAndTheThreadDumpAtPeakListsTheVirtualThreads(@TempDir Path dir) throws Exception {
        int held = 10;
        Path jfr = dir.resolve("run.jfr");
        try (ChildJvm server = ChildJvm.timelab("server", "--model", "virtual", "--port", "0", "--bind",
                "127.0.0.1", "--jfr", jfr.toString(), "--thread-dump-at-peak", "--status-interval", "0",
                "--status-format", "json")) {
            int port = server.awaitServerPort();
            server.awaitLine(l -> l.equals("JFR: recording to " + jfr + " (written at shutdown)"),
                    Duration.ofSeconds(5));
            holdUntilPeakDump(server, port, held, clients -> {
                for (LineClient c : clients) {
                    assertThat(c.send("TIME\r\n").readLine()).startsWith("JAM ");
                }
            });
            assertThat(server.terminate(Duration.ofSeconds(30))).isZero();
            assertThat(server.lines()).last().isEqualTo("JFR recording: " + jfr);
        }
        RecordingSummary s = JfrSummary.read(jfr).summary();
        assertThat(s.connections().count()).isEqualTo(held);
        assertThat(s.virtualThreads().countedPeak()).isEqualTo(held);
        assertThat(s.command()).contains("server --model virtual");
        Path dump = dir.resolve("run-threads-at-peak.json");
        assertThat(virtualThreadNames(dump)).hasSize(held);
    }

    /**
     * The default {@code --max-connections} leaves {@code 32} descriptors free: enough for the thread dump, the JFR
     * recording and the {@code /proc/self/fd} count while every other descriptor is a client socket.
     */
    @Test
    void atTheOpenFileLimitTheThreadDumpAndTheRecordingStillWork(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit (util-linux)");
        Path jfr = dir.resolve("limit.jfr");
        int max;
        try (ChildJvm server = ChildJvm.timelabWithFdLimit(200, "server", "--model", "virtual", "--port", "0",
                "--bind", "127.0.0.1", "--jfr", jfr.toString(), "--thread-dump-at-peak", "--status-interval", "0",
                "--status-format", "json")) {
            int port = server.awaitServerPort();
            max = server.awaitMessage(Message.Listening.class, l -> true, Duration.ofSeconds(5)).maxConnections();
            assertThat(max).as("the limit leaves room for some connections").isBetween(20, 200);
            List<LineClient> clients = new ArrayList<>();
            int busy = 0;
            try {
                for (int i = 0; i < max + 5; i++) {
                    LineClient c = new LineClient(port);
                    clients.add(c);
                    String reply = c.send("TIME\r\n").readLine();
                    if ("ERROR busy".equals(reply)) {
                        busy++;
                    } else {
                        assertThat(reply).startsWith("JAM ");
                    }
                }
                assertThat(busy).isEqualTo(5);
                server.awaitLine(l -> l.startsWith("thread dump at peak: " + max + " active connections"),
                        Duration.ofSeconds(30));
            } finally {
                for (LineClient c : clients) {
                    c.close();
                }
            }
            assertThat(server.terminate(Duration.ofSeconds(30))).isZero();
            assertThat(server.lines()).noneMatch(l -> l.startsWith("problem:") || l.contains("failed"));
        }
        RecordingSummary s = JfrSummary.read(jfr).summary();
        assertThat(s.connections().count()).isEqualTo(max);
        assertThat(s.virtualThreads().countedPeak()).isEqualTo(max);
        assertThat(s.peakOpenFds()).as("/proc/self/fd was still readable at the peak").isGreaterThan(max);
        assertThat(virtualThreadNames(dir.resolve("limit-threads-at-peak.json"))).hasSize(max);
    }

    @Test
    void virtualThreadsRunOnAsManyCarriersAsAsked(@TempDir Path dir) throws Exception {
        int held = 20;
        Path jfr = dir.resolve("carriers.jfr");
        try (ChildJvm server = ChildJvm.timelab("server", "--model", "virtual", "--carriers", "1", "--port", "0",
                "--bind", "127.0.0.1", "--jfr", jfr.toString(), "--thread-dump-at-peak", "--status-interval", "0",
                "--status-format", "json")) {
            int port = server.awaitServerPort();
            assertThat(server.lines()).anyMatch(l -> l.contains("virtual-thread carriers 1)"));
            holdUntilPeakDump(server, port, held, clients -> {
                for (int round = 0; round < 20; round++) { // every connection's thread runs, all at once
                    for (LineClient c : clients) {
                        c.send("TIME\r\n");
                    }
                    for (LineClient c : clients) {
                        assertThat(c.readLine()).startsWith("JAM ");
                    }
                }
            });
            assertThat(server.terminate(Duration.ofSeconds(30))).isZero();
        }
        Path dump = dir.resolve("carriers-threads-at-peak.json");
        assertThat(virtualThreadNames(dump)).hasSize(held);
        assertThat(threadNames(dump, "ForkJoinPool-\\d+-worker-\\d+")).as("carrier threads").hasSize(1);
    }

    /** What the test does with its held connections. */
    private interface Exchange {
        void with(List<LineClient> clients) throws Exception;
    }

    /** Opens {@code held} connections, runs {@code exchange} on them, waits for the peak thread dump, closes them. */
    private static void holdUntilPeakDump(ChildJvm server, int port, int held, Exchange exchange) throws Exception {
        List<LineClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < held; i++) {
                clients.add(new LineClient(port));
            }
            exchange.with(clients);
            server.awaitLine(l -> l.startsWith("thread dump at peak: " + held + " active connections"),
                    Duration.ofSeconds(30));
        } finally {
            for (LineClient c : clients) {
                c.close();
            }
        }
    }

    private static List<String> virtualThreadNames(Path dump) throws Exception {
        return threadNames(dump, "timelab-virtual-.*");
    }

    private static List<String> threadNames(Path dump, String regex) throws Exception {
        JsonNode root = new ObjectMapper().readTree(dump.toFile()).get("threadDump");
        List<String> names = new ArrayList<>();
        root.get("threadContainers").forEach(c -> c.get("threads").forEach(t -> {
            String name = t.get("name").asText();
            if (name.matches(regex)) {
                names.add(name);
            }
        }));
        return names;
    }
}
