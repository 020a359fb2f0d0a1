package timelab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import timelab.client.ClientStrategy;
import timelab.experiment.LimitResult;
import timelab.experiment.LimitSearch;
import timelab.experiment.Resource;
import timelab.experiment.ServerUnderTest;
import timelab.server.ServerModel;

/**
 * The words a limit search's result gets: a maximum only where the search converged, a lower bound ("≥ N, not a
 * limit") where time or the ceiling cut it short. The findings of real matrix and backlog runs are checked where
 * those run ({@code ExperimentsEndToEndTest}).
 */
class FindingsTest {

    private static LimitResult limit(int maximum, LimitSearch.Stop stop, Resource resource) {
        return new LimitResult(new ClientStrategy.VirtualThreads(), new ServerUnderTest.Child(
                new ServerModel.EventLoop()), maximum, stop, null, resource, "why", List.of(), 20);
    }

    @Test
    void aSearchCutShortByTimeIsALowerBoundNotALimit() {
        LimitResult cut = limit(1_000, LimitSearch.Stop.TIME, Resource.TIME);

        assertThat(Findings.maximum(cut)).isEqualTo("≥ 1,000");
        assertThat(Findings.limits(List.of(cut))).singleElement().satisfies(f -> {
            assertThat(f.section()).isEqualTo("limits");
            assertThat(f.text()).isEqualTo("virtual clients → nio server held 1,000 clients with zero failures "
                    + "before the search's time ran out: ≥ 1,000, not a limit.");
        });
        assertThat(ConsoleTable.limits(List.of(cut))).containsPattern("nio +≥ 1,000 ");
    }

    @Test
    void aSearchThatHeldItsCeilingIsALowerBoundToo() {
        LimitResult ceiling = limit(50_000, LimitSearch.Stop.CEILING, Resource.NONE);

        assertThat(Findings.maximum(ceiling)).isEqualTo("≥ 50,000");
        assertThat(Findings.limits(List.of(ceiling)).getFirst().text()).contains("the search's ceiling: ≥ 50,000, "
                + "not a limit");
    }

    @Test
    void aConvergedSearchIsAMaximumAndNamesWhatRanOut() {
        LimitResult converged = limit(150, LimitSearch.Stop.CONVERGED, Resource.SERVER_CONNECTIONS);

        assertThat(Findings.maximum(converged)).isEqualTo("150");
        assertThat(Findings.limits(List.of(converged)).getFirst().text()).isEqualTo("virtual clients → nio server: "
                + "at most 150 concurrent clients with zero failures; at the next step what ran out was the server "
                + "--max-connections.");
    }

    @Test
    void theConsoleWrapsEveryFindingToOneHundredTwentyColumns() {
        String out = ConsoleTable.findings(Findings.limits(List.of(limit(1_000, LimitSearch.Stop.TIME,
                Resource.TIME), limit(150, LimitSearch.Stop.CONVERGED, Resource.SERVER_CONNECTIONS))));

        assertThat(out).startsWith("What this run shows:\n1. virtual clients → nio server held 1,000 clients");
        assertThat(out.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(120));
        assertThat(out.lines().filter(l -> l.startsWith("2. "))).hasSize(1);
        assertThat(ConsoleTable.findings(List.of())).isEmpty();
    }
}
