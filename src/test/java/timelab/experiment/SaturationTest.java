package timelab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SaturationTest {

    private static Saturation.Point at(double load, double throughput, double p99) {
        return new Saturation.Point(load, throughput, p99);
    }

    @Test
    void aPoolOfTwoSaturatesWhereThroughputStopsGrowing() {
        Saturation s = Saturation.of(List.of(at(1, 19.8, 51), at(2, 39.6, 52), at(4, 39.7, 101), at(8, 39.5, 203)));

        assertThat(s.rule()).isEqualTo(Saturation.Rule.THROUGHPUT_FLAT);
        assertThat(s.knee()).isEqualTo(1);
        assertThat(s.fired()).isEqualTo(2);
        assertThat(s.load()).isEqualTo(2);
        assertThat(s.throughput()).isCloseTo(39.7, within(1e-9));
    }

    @Test
    void p99LeavingItsLowLoadLevelIsSaturationEvenWhileThroughputStillGrows() {
        Saturation s = Saturation.of(List.of(at(1, 100, 10), at(2, 200, 12), at(4, 380, 25)));

        assertThat(s.rule()).isEqualTo(Saturation.Rule.P99_ROSE);
        assertThat(s.knee()).isEqualTo(1);
        assertThat(s.throughput()).isEqualTo(380);
    }

    @Test
    void subMillisecondP99NoiseIsNoRiseBelowTheOneMillisecondFloor() {
        Saturation s = Saturation.of(List.of(at(1, 1000, 0.1), at(2, 2000, 0.5), at(4, 4000, 1.9)));

        assertThat(s.rule()).isEqualTo(Saturation.Rule.NONE);
        assertThat(s.saturated()).isFalse();
    }

    @Test
    void aCurveThatKeepsGrowingHasNoSaturationWithinTheSweep() {
        Saturation s = Saturation.of(List.of(at(1, 20, 50), at(2, 40, 50), at(4, 79, 51), at(8, 158, 52)));

        assertThat(s.rule()).isEqualTo(Saturation.Rule.NONE);
        assertThat(s.knee()).isEqualTo(-1);
    }

    @Test
    void growthIsJudgedPerDoublingSoALoadStepOfThreeTimesNeedsMore() {
        // ×3 load must bring 10% × log2(3) ≈ 15.8%: 14% is not enough, 17% is
        assertThat(Saturation.of(List.of(at(10, 100, 5), at(30, 114, 5))).rule())
                .isEqualTo(Saturation.Rule.THROUGHPUT_FLAT);
        assertThat(Saturation.of(List.of(at(10, 100, 5), at(30, 117, 5))).rule()).isEqualTo(Saturation.Rule.NONE);
    }

    @Test
    void whenBothRulesFireAtOnceTheThroughputRuleIsNamed() {
        Saturation s = Saturation.of(List.of(at(1, 20, 50), at(2, 20, 200)));

        assertThat(s.rule()).isEqualTo(Saturation.Rule.THROUGHPUT_FLAT);
    }

    @Test
    void noStepsOrOneStepIsNoSaturation() {
        assertThat(Saturation.of(List.of()).saturated()).isFalse();
        assertThat(Saturation.of(List.of(at(1, 20, 50))).saturated()).isFalse();
    }

    @Test
    void eachRuleSaysItselfInWords() {
        assertThat(Saturation.Rule.THROUGHPUT_FLAT.words()).isEqualTo("throughput stopped growing");
        assertThat(Saturation.Rule.P99_ROSE.words()).isEqualTo("p99 left its low-load level");
        assertThat(Saturation.Rule.NONE.words()).isEqualTo("none within the sweep");
    }

    @Test
    void oneNoisyStepThatTheNextDoesNotConfirmIsNoSaturation() {
        Saturation spike = Saturation.of(List.of(at(1, 20, 51), at(2, 40, 52), at(4, 68, 153), at(8, 150, 96)));
        Saturation dip = Saturation.of(List.of(at(1, 20, 51), at(2, 40, 52), at(4, 41, 60), at(8, 150, 60)));

        assertThat(spike.rule()).isEqualTo(Saturation.Rule.NONE);
        assertThat(dip.rule()).isEqualTo(Saturation.Rule.NONE);
    }

    @Test
    void aRuleThatFiresAtTheLastStepCountsWithNothingAfterItToConfirm() {
        Saturation s = Saturation.of(List.of(at(1, 20, 51), at(2, 40, 52), at(4, 41, 101)));

        assertThat(s.rule()).isEqualTo(Saturation.Rule.THROUGHPUT_FLAT);
        assertThat(s.fired()).isEqualTo(2);
    }
}
