package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void aClosedRunStartsEveryClientAtOnce() {
        Schedule s = new Schedule(0, Duration.ZERO, 100);
        assertThat(s.paced()).isFalse();
        assertThat(s.offsetNanos(99)).isZero();
    }

    @Test
    void aRampSpreadsTheClientsEvenly() {
        Schedule s = new Schedule(0, Duration.ofSeconds(10), 100);
        assertThat(s.paced()).isTrue();
        assertThat(s.offsetNanos(0)).isZero();
        assertThat(s.offsetNanos(50)).isEqualTo(5_000_000_000L);
    }

    @Test
    void aRateStartsClientIAtIOverR() {
        Schedule s = new Schedule(200, Duration.ZERO, 1000);
        assertThat(s.offsetNanos(0)).isZero();
        assertThat(s.offsetNanos(200)).isEqualTo(1_000_000_000L);
        assertThat(s.offsetNanos(1)).isEqualTo(5_000_000L);
    }

    @Test
    void aRampedRateGrowsLinearlyThenHoldsTheRate() {
        Schedule s = new Schedule(100, Duration.ofSeconds(4), 10_000);
        // by the end of the ramp, R·D/2 = 200 clients have started
        assertThat(s.offsetNanos(200) / 1e9).isCloseTo(4.0, within(1e-9));
        // half way through the ramp, a quarter of them: (R/D)·t²/2 = 50
        assertThat(s.offsetNanos(50) / 1e9).isCloseTo(2.0, within(1e-9));
        // after the ramp, one client every 1/R
        assertThat((s.offsetNanos(301) - s.offsetNanos(300)) / 1e9).isCloseTo(0.01, within(1e-6));
        for (int i = 1; i < 1000; i++) {
            assertThat(s.offsetNanos(i)).isGreaterThan(s.offsetNanos(i - 1));
        }
    }
}
