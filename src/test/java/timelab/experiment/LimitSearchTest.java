package timelab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LimitSearchTest {

    private final AtomicLong seconds = new AtomicLong();
    /** A clock that advances one second per step: the search's time budget counts steps. */
    private final InstantSource clock = () -> Instant.ofEpochSecond(seconds.get());
    private final List<Integer> tried = new ArrayList<>();

    /** A fake environment that sustains exactly {@code limit} clients. */
    private LimitSearch.Probe limitAt(int limit) {
        return clients -> {
            tried.add(clients);
            seconds.incrementAndGet();
            return new LimitSearch.Step(clients, clients > limit ? clients - limit : 0, "");
        };
    }

    @Test
    void theRampRunsThroughTheCourseworksStepsThenDoublesUpToTheCeiling() {
        assertThat(LimitSearch.ramp(1_000)).containsExactly(100, 200, 500, 1_000);
        assertThat(LimitSearch.ramp(450)).containsExactly(100, 200, 450);
        assertThat(LimitSearch.ramp(300_000)).containsExactly(100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000,
                50_000, 100_000, 200_000, 300_000);
    }

    @ParameterizedTest(name = "true limit {0}")
    @ValueSource(ints = {99, 100, 101, 450, 2_044, 15_937, 19_960, 28_231})
    void bisectsToWithinOnePercentOfTheTrueLimit(int limit) {
        LimitSearch.Result r = LimitSearch.search(limitAt(limit), 1_000_000, Duration.ofHours(1), clock);
        assertThat(r.stop()).isEqualTo(LimitSearch.Stop.CONVERGED);
        assertThat(r.maximum()).isLessThanOrEqualTo(limit).isGreaterThanOrEqualTo(limit - Math.max(1, limit / 100));
        assertThat(r.firstBad().clients()).isGreaterThan(limit);
        assertThat(r.steps()).extracting(LimitSearch.Step::clients).isEqualTo(tried);
    }

    @Test
    void whenEvenTheFirstStepFailsTheSearchGoesBelowIt() {
        LimitSearch.Result r = LimitSearch.search(limitAt(7), 1_000, Duration.ofHours(1), clock);
        assertThat(r.maximum()).isEqualTo(7);
        assertThat(tried.get(0)).isEqualTo(100);
    }

    @Test
    void whenNothingFailsTheCeilingIsTheAnswerAndNoBisectionRuns() {
        LimitSearch.Result r = LimitSearch.search(limitAt(Integer.MAX_VALUE), 5_000, Duration.ofHours(1), clock);
        assertThat(r.stop()).isEqualTo(LimitSearch.Stop.CEILING);
        assertThat(r.maximum()).isEqualTo(5_000);
        assertThat(r.firstBad()).isNull();
        assertThat(tried).containsExactly(100, 200, 500, 1_000, 2_000, 5_000);
    }

    @Test
    void theTimeBudgetStopsTheSearchAndSaysSo() {
        LimitSearch.Result r = LimitSearch.search(limitAt(15_937), 1_000_000, Duration.ofSeconds(9), clock);
        assertThat(r.stop()).isEqualTo(LimitSearch.Stop.TIME);
        assertThat(tried).hasSize(9);
        assertThat(r.maximum()).isLessThanOrEqualTo(15_937);
    }

    @Test
    void aCeilingBelowOneIsRefused() {
        assertThatThrownBy(() -> LimitSearch.search(limitAt(1), 0, Duration.ofHours(1), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
