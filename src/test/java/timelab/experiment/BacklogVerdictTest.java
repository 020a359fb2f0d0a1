package timelab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backlog experiment's rows and verdicts, on made-up runs: what the counts add up to and what the words say. */
class BacklogVerdictTest {

    static Run run(String model, int clients, Map<String, Long> failures, Map<String, Long> kernel, double maxConnect) {
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        return new Run(DiagnosisTest.strategy("platform"), DiagnosisTest.model(model), clients, true, clients - failed,
                failed, DiagnosisTest.kinds(failures), Map.of(), 5, 2, DiagnosisTest.latency(1, 2, maxConnect,
                        maxConnect), Run.NO_LATENCY, null,
                new Run.Server(3, 1, 3, 0, 0, 0, 16, 0, model.equals("single") ? 1 : 4096, 19_959, null), null, kernel,
                new Run.Files(null, null, null), null);
    }

    @Test
    void theBottleneckRowCountsEveryClientOnceAndExplainsTheThreeThatGotIn() {
        BacklogRow row = BacklogExperiment.row(run("single", 10, Map.of("connect-timeout", 7L),
                Map.of("ListenOverflows", 35L, "SyncookiesSent", 0L), 14), DiagnosisTest.MACHINE);
        assertThat(row.connected()).isEqualTo(3);
        assertThat(row.served()).isEqualTo(3);
        assertThat(row.connectTimeouts()).isEqualTo(7);
        assertThat(row.otherFailures()).isZero();
        assertThat(row.verdict()).startsWith("7 of 10 failed (connect-timeout ×7). None was refused")
                .contains("every second for the first 4 retries")
                .contains("The 3 that connected are the one the single thread had accepted")
                .contains("35 accept-queue overflows").doesNotContain("SYN cookie completes");
    }

    @Test
    void cookiesAreExplainedWhenTheKernelSentThem() {
        BacklogRow row = BacklogExperiment.row(run("single", 200, Map.of("never-served", 150L),
                Map.of("ListenOverflows", 900L, "SyncookiesSent", 120L), 14), DiagnosisTest.MACHINE);
        assertThat(row.neverServed()).isEqualTo(150);
        assertThat(row.connected()).isEqualTo(200);
        assertThat(row.verdict()).contains("120 SYN cookies sent")
                .contains("the client counts as connected although the server's queue had no room");
    }

    @Test
    void aSlowButCompleteCrowdSaysItsSynWasSentAgain() {
        BacklogRow row = BacklogExperiment.row(run("platform", 200, Map.of(), Map.of("ListenOverflows", 12L), 1_030),
                DiagnosisTest.MACHINE);
        assertThat(row.verdict()).startsWith("All 200 were served, but the slowest connect took 1,030 ms: its first "
                + "SYN was dropped");
    }
}
