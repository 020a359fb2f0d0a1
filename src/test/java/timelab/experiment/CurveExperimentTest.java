package timelab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.ChildProcesses;
import timelab.fork.JavaRuntime;
import timelab.server.ServerModel;
import timelab.work.Work;

/**
 * The curve's own logic (its findings in words, its plan's checks) and one real sweep with a backend child: server,
 * backend and the client in this JVM, tiny sizes. Shape, never speed.
 */
class CurveExperimentTest {

    private static final Prediction.Host HOST = new Prediction.Host(4, 4, 25);

    @AfterEach
    void everyProcessTheCurveStartedHasEnded() {
        ChildProcesses.assertNoneLeftBehind();
    }

    private static CurveResult.Step step(double load, double throughput, double p99) {
        return new CurveResult.Step(load, throughput, 100, p99 / 2, p99, p99, p99, p99, Map.of(), 10, 0, 2, 0, -1, 0,
                null);
    }

    @Test
    void aFindingSaysTheSaturationThePredictionAndWhatRunsOutInWords() {
        List<CurveResult.Step> steps = List.of(step(1, 19.9, 51), step(2, 39.6, 52), step(4, 39.7, 101));
        CurveResult.ModelCurve curve = new CurveResult.ModelCurve(new ServerModel.FixedPool(2),
                Prediction.of(new ServerModel.FixedPool(2), Work.parse("delay:50ms"), HOST, null),
                Saturation.of(steps.stream().map(CurveResult.Step::point).toList()), steps, null);

        assertThat(curve.finding(CurveResult.Sweep.CLIENTS)).isEqualTo("fixed:2 saturated at 39.7 req/s with 2 "
                + "clients (throughput stopped growing); predicted 40.0 req/s = 2 threads ÷ 50 ms (Little's law): "
                + "within 1%; what runs out: the pool's 2 threads");
        assertThat(curve.deviation()).isBetween(-0.01, 0.0);
    }

    @Test
    void aModelSaturatedWithoutALawSaysHowManyCoresTheServerUsedAtItsLastStep() {
        List<CurveResult.Step> steps = List.of(
                new CurveResult.Step(1024, 14756, 44268, 51, 90, 224, 300, 400, Map.of(), 1036, 0, 1024, 0, -1, 2.97,
                        null),
                new CurveResult.Step(2048, 15719, 47157, 74, 300, 760, 900, 990, Map.of(), 1809, 0, 2048, 0, -1, 3.48,
                        null));
        CurveResult.ModelCurve curve = new CurveResult.ModelCurve(new ServerModel.Platform(),
                Prediction.of(new ServerModel.Platform(), Work.parse("delay:50ms"), HOST, null),
                Saturation.of(steps.stream().map(CurveResult.Step::point).toList()), steps, null);

        assertThat(curve.finding(CurveResult.Sweep.CLIENTS)).startsWith("platform saturated at 15719.0 req/s")
                .endsWith("; at its last step (2048 clients) the server used 1.16 cores of CPU");
    }

    @Test
    void oneClientIsOneClient() {
        List<CurveResult.Step> steps = List.of(step(1, 19.6, 51), step(2, 19.7, 1000), step(4, 19.7, 2000));
        CurveResult.ModelCurve curve = new CurveResult.ModelCurve(new ServerModel.Single(),
                Prediction.of(new ServerModel.Single(), Work.parse("delay:50ms"), HOST, null),
                Saturation.of(steps.stream().map(CurveResult.Step::point).toList()), steps, null);

        assertThat(curve.finding(CurveResult.Sweep.CLIENTS))
                .startsWith("single saturated at 19.7 req/s with 1 client (").doesNotContain("cores of CPU");
    }

    @Test
    void aModelThatNeverSaturatedSaysSoBesideTheLawThatPredictsNone() {
        List<CurveResult.Step> steps = List.of(step(1, 20, 50), step(2, 40, 50));
        CurveResult.ModelCurve curve = new CurveResult.ModelCurve(new ServerModel.Virtual(),
                Prediction.of(new ServerModel.Virtual(), Work.parse("delay:50ms"), HOST, null),
                Saturation.of(steps.stream().map(CurveResult.Step::point).toList()), steps, null);

        assertThat(curve.finding(CurveResult.Sweep.CLIENTS))
                .startsWith("virtual did not saturate: 40.0 req/s at 2 clients")
                .contains("(none within the sweep)").contains("predicted: none by law")
                .contains("the clients' own bound at 2 clients: 40.0 req/s");
        assertThat(curve.deviation()).isNull();
    }

    @Test
    void clientStepsDoubleUpToTheMaximum() {
        assertThat(CurveExperiment.Plan.doubling(32)).containsExactly(1.0, 2.0, 4.0, 8.0, 16.0, 32.0);
        assertThat(CurveExperiment.Plan.doubling(6)).containsExactly(1.0, 2.0, 4.0, 6.0);
        assertThat(CurveExperiment.Plan.doubling(1)).containsExactly(1.0);
    }

    @Test
    void aPlanRefusesLoadsThatDoNotGrowAndABackendWithoutCallWork() {
        assertThatThrownBy(() -> plan(Work.parse("delay:5ms"), null, List.of(2.0, 1.0)))
                .hasMessageContaining("grow");
        assertThatThrownBy(() -> plan(Work.parse("delay:5ms"), new CurveExperiment.BackendSpec(
                new ServerModel.Virtual(), Work.parse("delay:5ms")), List.of(1.0)))
                .hasMessageContaining("call work");
        assertThatThrownBy(() -> new CurveExperiment.BackendSpec(new ServerModel.Virtual(),
                Work.parse("call:127.0.0.1:1"))).hasMessageContaining("must not itself be a call");
    }

    @Test
    void callWorkComposesTheServerWithABackendChildAndPredictsFromTheBackendsWork(@TempDir Path dir)
            throws Exception {
        CurveExperiment.Plan plan = plan(Work.parse("call:127.0.0.1:1x2"), new CurveExperiment.BackendSpec(
                new ServerModel.Virtual(), Work.parse("delay:20ms")), List.of(1.0));

        CurveResult result = CurveExperiment.run(plan, dir, line -> { });

        assertThat(result.work()).isInstanceOfSatisfying(Work.Call.class, c -> {
            assertThat(c.port()).as("the backend child's port").isNotEqualTo(1);
            assertThat(c.calls()).isEqualTo(2);
        });
        assertThat(result.backend().work().label()).isEqualTo("delay:20ms");
        assertThat(result.backend().prediction().perClient()).isEqualTo(50.0);
        CurveResult.ModelCurve curve = result.models().get(0);
        assertThat(curve.prediction().perSecond()).as("one thread ÷ two 20 ms round trips").isEqualTo(25.0);
        assertThat(curve.prediction().resource()).isEqualTo("the pool's 1 thread");
        assertThat(curve.steps()).hasSize(1);
        assertThat(curve.steps().get(0).error()).isNull();
        assertThat(curve.steps().get(0).requests()).isPositive();
        assertThat(Files.list(dir.resolve("runs")).count()).isEqualTo(1);
    }

    @Test
    void anOpenModelSweepOffersEachRateAndRecordsItsSteps(@TempDir Path dir) throws Exception {
        CurveExperiment.Plan plan = plan(Work.parse("delay:10ms"), null, CurveResult.Sweep.RATE, List.of(5.0, 10.0));

        CurveResult result = CurveExperiment.run(plan, dir, line -> { });

        assertThat(result.sweep()).isEqualTo(CurveResult.Sweep.RATE);
        List<CurveResult.Step> steps = result.models().get(0).steps();
        assertThat(steps).extracting(CurveResult.Step::load).containsExactly(5.0, 10.0);
        assertThat(steps).allSatisfy(s -> {
            assertThat(s.error()).isNull();
            assertThat(s.requests()).as("one request per connection, a rate for a second").isBetween(1L, 10L);
        });
    }

    @Test
    void aSweepOutOfTimeSaysSoWithoutNamingAnOptionTheDemoDoesNotHave(@TempDir Path dir) throws Exception {
        CurveExperiment.Plan plan = new CurveExperiment.Plan(List.of(new ServerModel.FixedPool(1)),
                Work.parse("delay:5ms"), null, CurveResult.Sweep.CLIENTS, List.of(1.0), Duration.ofSeconds(1),
                Duration.ofNanos(1), HOST, ServerProcess.defaults(new ServerModel.FixedPool(1)), Duration.ofSeconds(5),
                Duration.ofSeconds(10), true, JavaRuntime.current());

        CurveResult result = CurveExperiment.run(plan, dir, line -> { });

        assertThat(result.models()).isEmpty();
        assertThat(result.stopped()).isEqualTo("the time budget of 0 s ran out before fixed:1");
    }

    private static CurveExperiment.Plan plan(Work work, CurveExperiment.BackendSpec backend, List<Double> loads) {
        return plan(work, backend, CurveResult.Sweep.CLIENTS, loads);
    }

    private static CurveExperiment.Plan plan(Work work, CurveExperiment.BackendSpec backend, CurveResult.Sweep sweep,
            List<Double> loads) {
        return new CurveExperiment.Plan(List.of(new ServerModel.FixedPool(1)), work, backend, sweep, loads,
                Duration.ofSeconds(1), Duration.ofMinutes(2), HOST,
                ServerProcess.defaults(new ServerModel.FixedPool(1)), Duration.ofSeconds(5), Duration.ofSeconds(10),
                true, JavaRuntime.current());
    }
}
