package timelab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.ClientRun;
import timelab.client.FailureKind;
import timelab.client.LoadPlan;
import timelab.client.Outcome;
import timelab.client.Progress;

class ClientReportTest {

    private static ClientRun.Latency latency() {
        return new ClientRun.Latency(2, 0.1, 0.2, 0.3, 0.3, 0.3, 0.2, "");
    }

    @Test
    void theSummaryExplainsEachFailureKindAndShowsADeadChildsLastLines() {
        ClientRun.FailureCount died = new ClientRun.FailureCount("child-died", 2, FailureKind.CHILD_DIED.explain(),
                List.of("it ended with exit code 1 without a report"));
        ClientRun.Children children = new ClientRun.Children(2, 1, 1, 1, 0, 1, 0, latency(), 1 << 26, 1 << 26, 14, 0,
                15, 0.5, List.of("java", "timelab.client.WorkerMain"), "off: test", List.of(
                        new ClientRun.ChildFailure(1, 1, 1, 1, "it ended with exit code 1 without a report",
                                List.of("Unrecognized VM option 'Foo'")),
                        new ClientRun.ChildFailure(2, 2, 1, null, "could not be started: admission control",
                                List.of())));
        ClientRun r = new ClientRun(1, "process", LoadPlan.time("127.0.0.1", 45000, 2), "2026-01-01T00:00:00Z", "25",
                1, false, 1.5, 2, 0, 2, 0, null, null, Map.of("child-died", died), latency(), latency(), 0, null,
                new ClientRun.Resources(10, 0, 20, 30, 1 << 26, 0.4), children, null);
        String s = ClientReport.summary(r).replaceAll("\n {5,}", " ");
        assertThat(s).contains("process, 2 clients × 1 request → 127.0.0.1:45000, done in 1.500 s")
                .contains("child-died").contains(FailureKind.CHILD_DIED.explain())
                .contains("child 1 (1 client from client 1) exit 1").contains("| Unrecognized VM option 'Foo'")
                .doesNotContain("child 2 (");
    }

    @Test
    void progressIsAStableLineOffATerminalAndABarOnOne() {
        Progress p = new Progress(2_500_000_000L, 100, 60, 50, 5, 7, 7, 0, 0, 0);
        assertThat(ClientReport.progressLine(p)).isEqualTo("progress t=2.5s started=60/100 ok=50 failed=5 open=7");
        assertThat(ClientReport.progressBar(p)).startsWith("\r[################..............] 55/100 ok 50");
        assertThat(ClientReport.progressLine(new Progress(0, -1, 1, 1, 0, 0, 0, 0, 0, 3))).endsWith("children=3");
    }

    @Test
    void verboseLinesAreTheCourseworks() {
        assertThat(ClientReport.clientLine(new ConnectionResult("virtual", 7, Outcome.OK, 1, 1, 1, "JAM 10:00:00")))
                .isEqualTo("client 7: JAM 10:00:00");
        assertThat(ClientReport.clientLine(new ConnectionResult("virtual", 8, new Outcome.Failed(FailureKind.REFUSED,
                "java.net.ConnectException: Connection refused"), -1, 0, 0, null)))
                .isEqualTo("client 8: failed (refused) java.net.ConnectException: Connection refused");
        assertThat(ClientReport.bytes(-1)).isEqualTo("?");
    }
}
