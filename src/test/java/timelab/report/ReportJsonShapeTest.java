package timelab.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import timelab.client.ClientRun;
import timelab.client.ClientStrategy;
import timelab.client.FailureKind;
import timelab.experiment.BacklogRow;
import timelab.experiment.LimitResult;
import timelab.experiment.LimitSearch;
import timelab.experiment.Machine;
import timelab.experiment.Resource;
import timelab.experiment.Run;
import timelab.experiment.ServerUnderTest;
import timelab.fork.Jdk;
import timelab.server.ServerModel;

/**
 * report.json schema 2 byte for byte: a report with every kind of run (a child server, an external one, a process
 * client with children, no latency measured) written as JSON equals the file kept next to this test, which was
 * written by the code before the experiments' values became typed (and before a run held the client's own latency,
 * resources and children records: the JSON keeps only the fields it had); schema 2 changed only {@code charts} (an
 * ECharts option for each, where schema 1 named a PNG file) and the version.
 */
class ReportJsonShapeTest {

    static final Machine MACHINE = new Machine("25", "Linux 6", 2, 24L << 30, 20L << 30, 32_768, 192_730, 65_530,
            20_000, 4_096, 1, 0, 4, 28_232);

    static final Jdk PARENT = new Jdk("25.0.1", "Eclipse Adoptium", "/usr/lib/jvm/temurin-25-jdk-amd64");
    static final Jdk CHILDREN = new Jdk("21.0.13", "Debian", "/opt/jdk21/usr/lib/jvm/java-21-openjdk-amd64");

    static final ServerUnderTest CHILD = new ServerUnderTest.Child(new ServerModel.FixedPool(4));
    static final ServerUnderTest EXTERNAL = new ServerUnderTest.External(
            InetSocketAddress.createUnresolved("example.org", 6379));

    static Run childRun() {
        ClientRun.Children children = new ClientRun.Children(2, 2, 0, 0, 0, 2, 0, null, 1L << 28, 1L << 27, 30, 0,
                60, 1.25, List.of("java"), "used", List.of());
        return new Run(ClientStrategy.parse("process:2/virtual", 1), CHILD, 10, true, 7, 3,
                Map.of(FailureKind.CONNECT_TIMEOUT, 3L), Map.of(FailureKind.CONNECT_TIMEOUT, "connect timed out"),
                1.5, 6.67, new ClientRun.Latency(5, 1, 2, 3, 3.5, 4, 1.5, "hdr"), null,
                new Run.Client(new ClientRun.Resources(20, 10, 40, 30, 1L << 30, 2.5), 9, children, CHILDREN),
                new Run.Server(10, 9, 7, 0, 0, 0, 16, 0, 1, 19_959, CHILDREN),
                new Run.Observed(500, 20L << 30, 30, 40, 1L << 26),
                Map.of("ListenOverflows", 12L), new Run.Files("runs/a.json", "jfr/a-client.jfr", null), null);
    }

    static Run externalRun() {
        return new Run(new ClientStrategy.EventLoops(1), EXTERNAL, 5, false, 5, 0, Map.of(), Map.of(), 0.5, 10,
                Run.NO_LATENCY, new ClientRun.Latency(0, 0, 0, 0, 0, 0, 0, "hdr"),
                new Run.Client(new ClientRun.Resources(12, 0, 30, 20, 1L << 29, 0.5), 5, null, null), null, null,
                Map.of(),
                new Run.Files(null, null, null), "stopped at the time limit");
    }

    static Report report() {
        Run child = childRun();
        Run external = externalRun();
        LimitResult limit = new LimitResult(child.strategy(), CHILD, 7, LimitSearch.Stop.CONVERGED, child,
                Resource.ACCEPT_QUEUE, "why", List.of(child), 3.5);
        LimitResult outside = new LimitResult(external.strategy(), EXTERNAL, 5, LimitSearch.Stop.CEILING, null,
                Resource.NONE, "none", List.of(external), 1);
        BacklogRow row = new BacklogRow(CHILD, 1, 10, 7, 7, 0, 3, 0, 0, 0, "verdict", child);
        return new Report(Report.SCHEMA_VERSION, "shape", "2026-01-01T00:00:00Z", "timelab test", MACHINE,
                new Report.Jdks(PARENT, CHILDREN),
                List.of(child, external), List.of(limit, outside), List.of(row),
                List.of(new Report.Chart("a", "matrix", "a", "how to read a", 300, new ObjectMapper().createObjectNode()
                        .put("animation", false))), 12.5);
    }

    @Test
    void reportJsonIsSchemaTwoByteForByte() throws IOException {
        String expected;
        try (InputStream in = ReportJsonShapeTest.class.getResourceAsStream("report-shape.json")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(ReportWriter.json(report())).isEqualTo(expected.strip());
    }

    @Test
    void theConsoleTableAndTheHtmlNameTheParentsJdkAndWhatTheChildrenRanOn() {
        for (String text : List.of(ConsoleTable.render(report()), HtmlReport.render(report()))) {
            assertThat(text).contains("25.0.1 (Eclipse Adoptium) at /usr/lib/jvm/temurin-25-jdk-amd64",
                    "21.0.13 (Debian) at /opt/jdk21/usr/lib/jvm/java-21-openjdk-amd64");
        }
        assertThat(report().reportedChildJdks()).as("every run's children said it, each JDK once")
                .containsExactly(CHILDREN);
    }

    @Test
    void theConsoleTableAndTheHtmlShowLabelsNotRecords() {
        for (String text : List.of(ConsoleTable.render(report()), HtmlReport.render(report()))) {
            assertThat(text).contains("process:2/virtual", "fixed:4", "external", "nio", "connect-timeout")
                    .doesNotContain("Child[", "External[", "ChildProcesses[", "EventLoops[", "CONNECT_TIMEOUT");
        }
    }
}
