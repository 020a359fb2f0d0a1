package timelab.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkTest {

    @ParameterizedTest
    @ValueSource(strings = {"none", "sleep:50ms", "delay:20ms..80ms", "delay:exp:20ms", "cpu:250us", "pinned:2s",
            "call:127.0.0.1:45001", "call:localhost:45001x3"})
    void everySpecReadsBackFromItsLabel(String spec) {
        Work w = Work.parse(spec);
        assertThat(w.label()).isEqualTo(spec);
        assertThat(Work.parse(w.label())).isEqualTo(w);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nap:5ms", "sleep", "sleep:", "sleep:5", "sleep:-5ms", "sleep:0ms", "sleep:11m",
            "delay:80ms..20ms", "cpu:exp:", "call:45001", "call:host:port", "call:h:45001x0", "call:h:70000",
            "none:1"})
    void aBadSpecIsRefusedWithAMessage(String spec) {
        assertThatThrownBy(() -> Work.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sleep", "delay", "cpu", "pinned"})
    void aWaitingKindWithoutADurationSaysHowToWriteOne(String kind) {
        assertThatThrownBy(() -> Work.parse(kind)).hasMessageContaining(kind + ":50ms");
    }

    @Test
    void aCallNamesItsBackendAndItsCount() {
        assertThat(Work.parse("call:127.0.0.1:45001x3")).isEqualTo(new Work.Call("127.0.0.1", 45001, 3));
        assertThat(Work.parse("CALL:Backend:1")).isEqualTo(new Work.Call("backend", 1, 1));
    }

    @Test
    void uniformDrawsStayInTheirRangeAndAverageItsMiddle() {
        Wait w = Wait.parse("20ms..80ms");
        SplittableRandom r = new SplittableRandom(7);
        long[] draws = LongStream.generate(() -> w.sampleNanos(r)).limit(20_000).toArray();
        assertThat(LongStream.of(draws).min().orElseThrow()).isGreaterThanOrEqualTo(20_000_000L);
        assertThat(LongStream.of(draws).max().orElseThrow()).isLessThanOrEqualTo(80_000_000L);
        assertThat(LongStream.of(draws).average().orElseThrow()).isBetween(48e6, 52e6);
        assertThat(w.mean()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void exponentialDrawsAverageTheirMeanAndSpreadLikeOne() {
        Wait w = Wait.parse("exp:20ms");
        SplittableRandom r = new SplittableRandom(11);
        long[] draws = LongStream.generate(() -> w.sampleNanos(r)).limit(50_000).toArray();
        assertThat(LongStream.of(draws).average().orElseThrow()).isBetween(19e6, 21e6);
        long over = LongStream.of(draws).filter(d -> d > 3 * 20_000_000L).count(); // P(X > 3·mean) = e^-3 ≈ 5%
        assertThat(over / (double) draws.length).isBetween(0.04, 0.06);
    }

    @Test
    void aFixedWaitIsAlwaysItsDuration() {
        Wait w = Wait.parse("50ms");
        assertThat(w.sampleNanos(new SplittableRandom(1))).isEqualTo(50_000_000L);
        assertThat(Wait.parse("1500ms").label()).isEqualTo("1500ms");
        assertThat(Wait.parse("1000ms").label()).isEqualTo("1s");
    }
}
