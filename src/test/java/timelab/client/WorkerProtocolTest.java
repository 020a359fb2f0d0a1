package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import timelab.client.ClientObserver.ConnectionResult;

class WorkerProtocolTest {

    @Test
    void aConnectionLineCarriesEverythingTheObserverGets() {
        ConnectionResult failed = new ConnectionResult("virtual", 17, new Outcome.Failed(FailureKind.RESET,
                "java.net.SocketException: Connection reset — ünïcode"), 1234, 5678, 1, "");
        String line = WorkerProtocol.connection(failed);
        assertThat(line).startsWith("@conn 17 reset 1234 5678 1 ").doesNotContain("\n");
        assertThat(WorkerProtocol.parseConnection(line, "process:2/virtual"))
                .isEqualTo(new ConnectionResult("process:2/virtual", 17, failed.outcome(), 1234, 5678, 1, ""));
        ConnectionResult ok = new ConnectionResult("platform", 1, Outcome.OK, 10, 20, 1, "JAM 10:00:00");
        assertThat(WorkerProtocol.parseConnection(WorkerProtocol.connection(ok), "process")).isEqualTo(
                new ConnectionResult("process", 1, Outcome.OK, 10, 20, 1, "JAM 10:00:00"));
        ConnectionResult none = new ConnectionResult("platform", 2, new Outcome.Failed(FailureKind.REFUSED, ""), -1,
                0, 0, null);
        assertThat(WorkerProtocol.parseConnection(WorkerProtocol.connection(none), "platform")).isEqualTo(none);
    }

    @Test
    void progressAndHeldLinesAreNumbers() {
        String p = WorkerProtocol.progress(new Progress(0, 10, 9, 7, 1, 3, 3, 0, 0, 0));
        assertThat(p).isEqualTo("@progress 9 7 1 3");
        assertThat(WorkerProtocol.numbers(p, WorkerProtocol.PROGRESS)).containsExactly(9, 7, 1, 3);
        assertThat(WorkerProtocol.numbers(WorkerProtocol.held(42), WorkerProtocol.HELD)).containsExactly(42);
    }
}
