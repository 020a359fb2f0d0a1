package timelab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import timelab.client.ClientStrategy;
import timelab.client.FailureKind;
import timelab.experiment.BacklogRow;
import timelab.experiment.LimitResult;
import timelab.experiment.LimitSearch;
import timelab.experiment.Resource;
import timelab.experiment.Run;
import timelab.experiment.ServerUnderTest;
import timelab.netty.Transport;
import timelab.server.ServerModel;

/** The console's tables and words: within 120 columns, nothing lost, no rate where nothing succeeded. */
class ConsoleTableTest {

    private static final String LONG = "the kernel queued the finished handshakes, the one thread served one client "
            + "at a time, and the others waited in the accept queue until their connect timeout ended them; ";

    private static Report report() {
        Run child = ReportJsonShapeTest.childRun();
        Run refused = new Run(new ClientStrategy.PlatformThreads(), ReportJsonShapeTest.CHILD, 1_000, false, 0,
                1_000, Map.of(FailureKind.REFUSED, 1_000L), Map.of(FailureKind.REFUSED, "Connection refused"), 0.03,
                0, Run.NO_LATENCY, Run.NO_LATENCY, null, null, null, Map.of(), new Run.Files(null, null, null), null);
        LimitResult limit = new LimitResult(child.strategy(), ReportJsonShapeTest.CHILD, 7,
                LimitSearch.Stop.CONVERGED, child, Resource.ACCEPT_QUEUE, LONG.repeat(3), List.of(child), 3.5);
        BacklogRow row = new BacklogRow(ReportJsonShapeTest.CHILD, 1, 10, 7, 7, 0, 3, 0, 0, 0, LONG.repeat(4), child);
        return new Report(Report.SCHEMA_VERSION, "console", "2026-01-01T00:00:00Z", "timelab test",
                ReportJsonShapeTest.MACHINE, new Report.Jdks(ReportJsonShapeTest.PARENT, ReportJsonShapeTest.CHILDREN),
                List.of(child, refused), List.of(limit), List.of(row), List.of(), 1);
    }

    @Test
    void everyLineFitsTheConsoleAndTheVerdictsAndReasonsKeepEveryWord() {
        String text = ConsoleTable.render(report());
        assertThat(text.lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(120));
        String unwrapped = text.replaceAll("\n {4}(?=\\S)", " ");
        assertThat(unwrapped).contains("fixed:4, 10 clients: " + LONG.repeat(4).strip())
                .contains("process:2/virtual → fixed:4: " + LONG.repeat(3).strip());
    }

    @Test
    void theMatrixColumnsStayAlignedWhenALabelIsWiderThanItsHeading() {
        ServerUnderTest netty = new ServerUnderTest.Child(new ServerModel.Netty(2, Transport.IO_URING));
        Run wide = new Run(new ClientStrategy.ChildProcesses(2, new ClientStrategy.NettyLoops(1, Transport.EPOLL)),
                netty, 1_000, false, 1_000, 0, Map.of(), Map.of(), 0.5, 2_000, Run.NO_LATENCY, Run.NO_LATENCY, null,
                null, null, Map.of(), new Run.Files(null, null, null), null);
        List<String> table = ConsoleTable.matrix(List.of(ReportJsonShapeTest.childRun(), wide)).lines()
                .skip(1).takeWhile(l -> !l.isEmpty()).toList();
        assertThat(table).hasSize(3).allSatisfy(l -> assertThat(l).hasSize(table.get(0).length()))
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
        assertThat(table.get(2)).startsWith("  process:2/netty:1/epoll netty:2/io_uring   1,000   1,000 ");
    }

    @Test
    void aMatrixRunWhereNoClientSucceededHasNoClientsPerSecond() {
        String refusedRow = ConsoleTable.render(report()).lines().filter(l -> l.startsWith("  platform "))
                .findFirst().orElseThrow();
        assertThat(refusedRow).contains("1,000").contains("refused").endsWith("        -         -         -");
    }
}
