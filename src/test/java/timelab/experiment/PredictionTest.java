package timelab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelab.server.ServerModel;
import timelab.work.Work;

class PredictionTest {

    private static final Prediction.Host FOUR_CORES_JDK25 = new Prediction.Host(4, 4, 25);
    private static final Prediction.Host FOUR_CORES_JDK21 = new Prediction.Host(4, 4, 21);

    /** Every model × every work kind with a duration: the predicted req/s (null = none by law) and the resource. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("fixed:2", "delay:50ms", 40.0, "the pool's 2 threads"),
                Arguments.of("fixed:2", "sleep:50ms", 40.0, "the pool's 2 threads"),
                Arguments.of("fixed:2", "pinned:50ms", 40.0, "the pool's 2 threads"),
                Arguments.of("fixed:1", "delay:20ms", 50.0, "the pool's 1 thread"),
                Arguments.of("fixed:2", "cpu:10ms", 200.0, "the pool's 2 threads"),
                Arguments.of("fixed:8", "cpu:10ms", 400.0, "the CPUs"),
                Arguments.of("single", "delay:50ms", 20.0, "the one thread"),
                Arguments.of("single", "sleep:50ms", 20.0, "the one thread"),
                Arguments.of("single", "pinned:50ms", 20.0, "the one thread"),
                Arguments.of("single", "cpu:10ms", 100.0, "the one thread"),
                Arguments.of("nio", "sleep:50ms", 20.0, "the one thread"),
                Arguments.of("nio", "pinned:50ms", 20.0, "the one thread"),
                Arguments.of("nio", "cpu:10ms", 100.0, "the one thread"),
                Arguments.of("nio", "delay:50ms", null, "the clients, then CPU, threads or memory"),
                Arguments.of("platform", "delay:50ms", null, "the clients, then CPU, threads or memory"),
                Arguments.of("platform", "sleep:50ms", null, "the clients, then CPU, threads or memory"),
                Arguments.of("platform", "pinned:50ms", null, "the clients, then CPU, threads or memory"),
                Arguments.of("platform", "cpu:10ms", 400.0, "the CPUs"),
                Arguments.of("cached", "delay:50ms", null, "the clients, then CPU, threads or memory"),
                Arguments.of("cached", "cpu:10ms", 400.0, "the CPUs"),
                Arguments.of("virtual", "delay:50ms", null, "the clients, then CPU, threads or memory"),
                Arguments.of("virtual", "sleep:50ms", null, "the clients, then CPU, threads or memory"),
                Arguments.of("virtual", "pinned:50ms", null, "the clients, then CPU, threads or memory"),
                Arguments.of("virtual", "cpu:10ms", 400.0, "the CPUs"));
    }

    @ParameterizedTest(name = "{0} with {1} on 4 cores, JDK 25")
    @MethodSource("table")
    void eachModelAndWorkGetsItsLawAndResource(String model, String work, Double perSecond, String resource) {
        Prediction p = Prediction.of(ServerModel.parse(model, 4), Work.parse(work), FOUR_CORES_JDK25, null);

        assertThat(p.resource()).isEqualTo(resource);
        if (perSecond == null) {
            assertThat(p.predicts()).isFalse();
            assertThat(p.law()).startsWith("none by law");
        } else {
            assertThat(p.perSecond()).isCloseTo(perSecond, within(1e-9));
        }
        assertThat(p.perClient()).isNotNull();
    }

    @Test
    void aPoolUnderDelayIsLittlesLawInWords() {
        Prediction p = Prediction.of(new ServerModel.FixedPool(2), Work.parse("delay:50ms"), FOUR_CORES_JDK25, null);

        assertThat(p.law()).startsWith("2 threads ÷ 50 ms (Little's law");
        assertThat(p.perClient()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void pinnedVirtualThreadsAreCappedByTheirCarriersBeforeJdk24Only() {
        Prediction jdk21 = Prediction.of(new ServerModel.Virtual(), Work.parse("pinned:50ms"),
                new Prediction.Host(4, 3, 21), null);
        Prediction jdk23 = Prediction.of(new ServerModel.Virtual(), Work.parse("pinned:50ms"),
                new Prediction.Host(4, 3, 23), null);
        Prediction jdk24 = Prediction.of(new ServerModel.Virtual(), Work.parse("pinned:50ms"),
                new Prediction.Host(4, 3, 24), null);

        assertThat(jdk21.perSecond()).isCloseTo(60.0, within(1e-9));
        assertThat(jdk21.resource()).contains("3 carrier threads");
        assertThat(jdk23.perSecond()).isCloseTo(60.0, within(1e-9));
        assertThat(jdk24.predicts()).isFalse();
        assertThat(jdk24.law()).contains("JEP 491");
    }

    @Test
    void aRangeOrAnExponentialWaitIsPredictedFromItsMean() {
        Prediction range = Prediction.of(new ServerModel.FixedPool(2), Work.parse("delay:20ms..80ms"),
                FOUR_CORES_JDK25, null);
        Prediction exp = Prediction.of(new ServerModel.FixedPool(2), Work.parse("sleep:exp:50ms"), FOUR_CORES_JDK25,
                null);

        assertThat(range.perSecond()).isCloseTo(40.0, within(1e-9));
        assertThat(exp.perSecond()).isCloseTo(40.0, within(1e-9));
    }

    @Test
    void noWorkIsPredictedByNoLaw() {
        for (ServerModel model : ServerModel.all(4)) {
            Prediction p = Prediction.of(model, Work.NONE, FOUR_CORES_JDK25, null);
            assertThat(p.predicts()).as(model.label()).isFalse();
            assertThat(p.perClient()).isNull();
        }
    }

    @Test
    void aCallIsTheBackendsLimitDividedByTheCalls() {
        Prediction backend = Prediction.of(new ServerModel.FixedPool(4), Work.parse("delay:50ms"), FOUR_CORES_JDK25,
                null);
        Prediction front = Prediction.of(new ServerModel.Virtual(), Work.parse("call:127.0.0.1:45001x2"),
                FOUR_CORES_JDK25, backend);

        assertThat(front.perSecond()).isCloseTo(40.0, within(1e-9)); // 80 req/s at the backend ÷ 2 calls
        assertThat(front.resource()).startsWith("the backend: the pool's 4 threads");
        assertThat(front.perClient()).isCloseTo(10.0, within(1e-9)); // two 50 ms round trips
    }

    @Test
    void aCallFromASmallPoolIsCappedByThePoolWhenTheBackendIsNot() {
        Prediction backend = Prediction.of(new ServerModel.Virtual(), Work.parse("delay:50ms"), FOUR_CORES_JDK25,
                null);
        Prediction front = Prediction.of(new ServerModel.FixedPool(2), Work.parse("call:127.0.0.1:45001x3"),
                FOUR_CORES_JDK25, backend);
        Prediction nio = Prediction.of(new ServerModel.EventLoop(), Work.parse("call:127.0.0.1:45001x3"),
                FOUR_CORES_JDK25, backend);

        assertThat(front.perSecond()).isCloseTo(2 / 0.150, within(1e-6));
        assertThat(front.resource()).isEqualTo("the pool's 2 threads");
        assertThat(nio.predicts()).isFalse();
    }

    @Test
    void aCallToAnUnknownBackendPredictsNothing() {
        Prediction p = Prediction.of(new ServerModel.FixedPool(2), Work.parse("call:127.0.0.1:45001"),
                FOUR_CORES_JDK21, null);

        assertThat(p.predicts()).isFalse();
        assertThat(p.resource()).isEqualTo("the backend");
    }

    @Test
    void aPredictionRejectsANumberThatIsNoThroughput() {
        for (Double bad : List.of(0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY)) {
            assertThatThrownBy(() -> new Prediction(bad, "r", "l", null)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
