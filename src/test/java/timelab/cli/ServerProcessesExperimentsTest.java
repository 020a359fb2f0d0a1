package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.ChildProcesses;

/**
 * {@code limit} and {@code curve} with {@code --server-processes 2}: the server child is a parent of two real worker
 * JVMs, and the report gives each worker (its pid, connections, descriptors, memory) and the totals.
 */
class ServerProcessesExperimentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void everyProcessHasEnded() {
        ChildProcesses.assertNoneLeftBehind();
    }

    @Test
    void limitWithTwoServerProcessesReportsEachProcessAndTheTotal(@TempDir Path dir) throws Exception {
        CommandLineTest.Result r = CommandLineTest.run("limit", "--strategy", "nio", "--server-model", "virtual",
                "--server-processes", "2", "--ceiling", "100", "--report", dir.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode limit = JSON.readTree(Files.readString(dir.resolve("report.json"))).get("limits").get(0);
        assertThat(limit.get("maximum").asInt()).isEqualTo(100);
        JsonNode server = limit.get("steps").get(0).get("server");
        JsonNode workers = server.get("workers");
        assertThat(workers).as(server.toString()).hasSize(2);
        long accepted = 0;
        long peaks = 0;
        List<Long> pids = new ArrayList<>();
        for (JsonNode w : workers) {
            pids.add(w.get("pid").asLong());
            accepted += w.get("accepted").asLong();
            peaks += w.get("peakConnections").asLong();
            assertThat(w.get("peakConnections").asLong()).as(w.toString()).isPositive();
            assertThat(w.get("peakOpenFds").asLong()).as(w.toString()).isGreaterThan(w.get("peakConnections")
                    .asLong());
            assertThat(w.get("peakOsThreads").asLong()).as(w.toString()).isPositive();
            assertThat(w.get("peakRssBytes").asLong()).as(w.toString()).isPositive();
        }
        assertThat(new HashSet<>(pids)).hasSize(2);
        assertThat(accepted).isEqualTo(server.get("accepted").asLong()).isEqualTo(100);
        assertThat(peaks).isEqualTo(server.get("peakConnections").asLong()).isEqualTo(100);
        assertThat(r.out()).contains("2 server processes held 100 connections in total, at most");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("100 (");
    }

    @Test
    void curveWithTwoServerProcessesReportsEachProcessPerStep(@TempDir Path dir) throws Exception {
        CommandLineTest.Result r = CommandLineTest.run("curve", "--models", "nio", "--server-processes", "2",
                "--work", "delay:5ms", "--max-clients", "2", "--step-duration", "1s", "--report", dir.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode report = JSON.readTree(Files.readString(dir.resolve("report.json")));
        JsonNode steps = report.findValue("steps");
        assertThat(steps).as(report.toString()).hasSize(2);
        for (JsonNode step : steps) {
            JsonNode workers = step.get("serverWorkers");
            assertThat(workers).as(step.toString()).hasSize(2);
            for (JsonNode w : workers) {
                assertThat(w.get("peakRssBytes").asLong()).as(w.toString()).isPositive();
            }
        }
    }
}
