package timelab.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code jfr summary} says in words, from the numbers alone. */
class SummaryFindingsTest {

    private static RequestSummary requests(double queuedP99, double workP99, long failed) {
        return new RequestSummary("fixed:2", "delay:50ms", 1234, failed,
                new RequestSummary.Spread(0, queuedP99 / 2, queuedP99, queuedP99),
                new RequestSummary.Spread(0, workP99 / 2, workP99, workP99),
                new RequestSummary.Spread(0, 1, queuedP99 + workP99, queuedP99 + workP99));
    }

    @Test
    void requestsThatWaitedAboutAsLongAsTheyWorkedWereShortOfThreads() {
        assertThat(requests(48.1, 50.2, 0).finding()).isEqualTo("1,234 requests on fixed:2 with delay:50ms: queued "
                + "p99 48.1 ms, work p99 50.2 ms, total p99 98.3 ms — time was spent waiting for a thread (or the "
                + "loop), not working");
    }

    @Test
    void requestsTakenUpAtOnceSpentTheirTimeWorking() {
        assertThat(requests(0.0421, 50.2, 2).finding()).isEqualTo("1,234 requests on fixed:2 with delay:50ms (2 "
                + "failed): queued p99 0.042 ms, work p99 50.2 ms, total p99 50.2 ms — time was spent working, not "
                + "waiting: each request was taken up at once");
    }

    @Test
    void requestsThatWaitedAFifthOfTheirWorkSpentMostOfItWorking() {
        assertThat(requests(10, 50, 0).finding()).endsWith("queued p99 10.0 ms, work p99 50.0 ms, total p99 60.0 ms"
                + " — most time was spent working, some waiting for a thread (or the loop)");
    }

    @Test
    void percentilesOutOfOrderOrMoreFailuresThanRequestsAreRefused() {
        assertThatThrownBy(() -> new RequestSummary.Spread(2, 1, 3, 4)).isInstanceOf(IllegalArgumentException.class);
        RequestSummary.Spread s = new RequestSummary.Spread(1, 2, 3, 4);
        assertThatThrownBy(() -> new RequestSummary("virtual", "sleep:1ms", 2, 3, s, s, s))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failed 3");
    }

    @Test
    void pinsAreNamedByTheCodeThatPinnedMostOften() {
        PinnedSummary pinned = new PinnedSummary(41, 2010.04, 51.23, List.of(), List.of(
                new PinnedSummary.Frame("timelab.server.Worker.pinned", 40, 2008.4),
                new PinnedSummary.Frame("sun.nio.ch.Poller.subPollerLoop (JDK)", 1, 1.64)));
        assertThat(pinned.finding()).isEqualTo("virtual threads were pinned 41 times (jdk.VirtualThreadPinned), "
                + "2,010.0 ms in all, longest 51.2 ms; most at timelab.server.Worker.pinned (40 times) — each pin "
                + "held a carrier thread while its virtual thread blocked");
    }
}
