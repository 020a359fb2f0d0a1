package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --segment I/N} as pure arithmetic: the N segments of a plan together start exactly the whole plan's clients,
 * each once, each at the time the whole plan gives it — for count, ramp, rate and ramped-rate plans, and for N above
 * the number of clients (segments with nobody to run).
 */
class SegmentScheduleTest {

    private static final LoadPlan BASE = LoadPlan.time("127.0.0.1", 45000, 10);

    static Stream<Arguments> plansAndSegmentCounts() {
        List<LoadPlan> plans = List.of(
                BASE.withClients(10),
                BASE.withClients(11).withRamp(Duration.ofSeconds(2)),
                BASE.withClients(97).withRate(250, Duration.ZERO),
                BASE.withClients(500).withRate(100, Duration.ofSeconds(3)),
                BASE.withClients(40).withDuration(Duration.ofSeconds(5)).withRamp(Duration.ofMillis(700)));
        List<String> names = List.of("count", "ramp", "rate", "rate+ramp", "looping+ramp");
        List<Arguments> all = new ArrayList<>();
        for (int p = 0; p < plans.size(); p++) {
            for (int n : new int[] {1, 2, 3, 7, 13, 600}) {
                all.add(Arguments.of(names.get(p), plans.get(p), n));
            }
        }
        return all.stream();
    }

    /** Client number → intended offset, for every client {@code plan}'s share starts. */
    private static Map<Integer, Long> starts(LoadPlan plan) {
        PlanShare share = PlanShare.whole(plan, new ClientStrategy.VirtualThreads(), ClientObserver.NONE, null);
        Map<Integer, Long> m = new TreeMap<>();
        for (int i = 0; i < share.count(); i++) {
            Long before = m.put(share.client(i), share.offsetNanos(i));
            assertThat(before).as("client %d twice in one segment", share.client(i)).isNull();
        }
        return m;
    }

    @ParameterizedTest(name = "{0}, N={2}")
    @MethodSource("plansAndSegmentCounts")
    void theSegmentsTogetherAreExactlyTheWholePlanClientByClientAndStartByStart(String name, LoadPlan plan, int n) {
        Map<Integer, Long> whole = starts(plan);
        assertThat(whole.keySet()).as("the whole plan numbers its clients 1..N").containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, plan.clients()).boxed().toList());
        Map<Integer, Long> union = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            LoadPlan.Segment s = new LoadPlan.Segment(i, n);
            Map<Integer, Long> part = starts(plan.withSegment(s));
            assertThat(part).hasSize(s.clients(plan.clients()));
            for (Map.Entry<Integer, Long> e : part.entrySet()) {
                assertThat((e.getKey() - 1) % n).as("client %d is striped into segment (n-1) mod N", e.getKey())
                        .isEqualTo(i);
                assertThat(union.put(e.getKey(), e.getValue())).as("client %d in two segments", e.getKey()).isNull();
            }
            assertThat(PlanShare.whole(plan.withSegment(s), new ClientStrategy.VirtualThreads(), ClientObserver.NONE,
                    null).paced()).isEqualTo(PlanShare.whole(plan, new ClientStrategy.VirtualThreads(),
                    ClientObserver.NONE, null).paced());
        }
        assertThat(union).as("every client once, at the whole plan's time").isEqualTo(whole);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"3/3", "-1/3", "0/0", "4/3"})
    void aSegmentOutsideItsPlanSaysTheIndexCountsFromZero(String label) {
        assertThatThrownBy(() -> LoadPlan.Segment.parse(label)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(".*(counts from 0 like a Kubernetes Job's completion index|at least 1 segment).*");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"1", "a/3", "1/b", "", "1/3/4"})
    void aSegmentThatIsNotIOverNIsRefused(String label) {
        assertThatThrownBy(() -> LoadPlan.Segment.parse(label)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("I/N");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0/3", " 2/3 ", "0/1", "12/13"})
    void aSegmentReadsBackAsItsLabel(String label) {
        assertThat(LoadPlan.Segment.parse(label).label()).isEqualTo(label.strip());
    }

    @org.junit.jupiter.api.Test
    void aSegmentWithMoreSegmentsThanClientsMayHaveNobody() {
        assertThat(new LoadPlan.Segment(2, 3).clients(2)).isZero();
        assertThat(new LoadPlan.Segment(1, 3).clients(2)).isEqualTo(1);
        assertThat(new LoadPlan.Segment(0, 3).clients(10)).isEqualTo(4);
        assertThat(new LoadPlan.Segment(2, 3).clients(10)).isEqualTo(3);
    }

    @org.junit.jupiter.api.Test
    void theSegmentTravelsInThePlanJsonAndOldJsonIsTheWholePlan() {
        LoadPlan p = BASE.withSegment(new LoadPlan.Segment(1, 3));
        String json = ClientJson.write(p, false);
        assertThat(json).contains("\"segment\":{\"index\":1,\"count\":3}");
        assertThat(ClientJson.read(json, LoadPlan.class)).isEqualTo(p);
        String old = ClientJson.write(BASE, false).replace(",\"segment\":{\"index\":0,\"count\":1}", "");
        assertThat(old).doesNotContain("segment");
        assertThat(ClientJson.read(old, LoadPlan.class).segment()).isEqualTo(LoadPlan.Segment.WHOLE);
    }
}
