package timelab.client.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import timelab.client.ClientStrategy;
import timelab.client.LoadPlan;
import timelab.fork.Message;
import timelab.fork.Messages;

/** The child command as a pure function and the child's spec as a JSON line: tested without a process. */
class ChildCommandTest {

    private static final LoadPlan PLAN = LoadPlan.time("127.0.0.1", 45000, 1000).withHold(true);
    private static final ChildSpec ARGS = new ChildSpec(PLAN, new ClientStrategy.VirtualThreads(), 251, 250, 0,
            -1, false);

    @Test
    void theChildIsTheSameJavaAndClassPathWithTheCheapFlagsThenTheWorkerAndNoArguments() {
        List<String> cmd = ChildCommand.jvm("/jdk/bin/java", List.of("/a/timelab.jar", "/b/x.jar"),
                LoadPlan.Spawning.DEFAULT, 250, Path.of("/tmp/t.jsa"));
        assertThat(cmd.get(0)).isEqualTo("/jdk/bin/java");
        assertThat(cmd).containsSubsequence("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx36m", "-Xss256k",
                "-XX:-UsePerfData", "-Xshare:auto", "-XX:SharedArchiveFile=/tmp/t.jsa", "-cp",
                "/a/timelab.jar:/b/x.jar", "timelab.client.process.ChildMain");
        assertThat(cmd.get(cmd.size() - 1)).isEqualTo("timelab.client.process.ChildMain");
    }

    @Test
    void thePlanTravelsAsTheSpecLineOnStandardInputNotOnTheCommandLine() {
        List<String> cmd = ChildCommand.jvm("java", List.of("/a.jar"), LoadPlan.Spawning.DEFAULT, 1, null);
        assertThat(cmd).noneMatch(a -> a.startsWith("{") || a.equals("sh") || a.equals("-c"));
        String spec = Messages.writeSpec(ARGS);
        assertThat(spec).startsWith("{").endsWith("}").contains("\"hold\":true").doesNotContain("\n");
    }

    @Test
    void aPlainChildHasNoCheapFlagsAndNoArchiveButKeepsTheUsersOptionsLast() {
        LoadPlan.Spawning plain = new LoadPlan.Spawning(0, 8, false, List.of("-Xmx64m"));
        List<String> cmd = ChildCommand.jvm("java", List.of("/a.jar"), plain, 10, Path.of("/tmp/t.jsa"));
        assertThat(cmd.subList(0, 5)).containsExactly("java", "-Xmx64m", "-cp", "/a.jar", ChildCommand.MAIN);
        List<String> cheap = ChildCommand.options(new LoadPlan.Spawning(0, 8, true, List.of("-Xmx64m")), 10, null);
        assertThat(cheap.get(cheap.size() - 1)).isEqualTo("-Xmx64m");
        assertThat(cheap).doesNotContain("-XX:SharedArchiveFile=/tmp/t.jsa");
    }

    @Test
    void theHeapGrowsWithTheClientsAChildCarriesUpToOneGibibyte() {
        assertThat(ChildCommand.heapMiB(1)).isEqualTo(33);
        assertThat(ChildCommand.heapMiB(2500)).isEqualTo(32 + 40);
        assertThat(ChildCommand.heapMiB(1_000_000)).isEqualTo(1024);
    }

    @Test
    void theSpecRoundTripsExactlyThroughItsJsonLine() {
        ChildSpec a = new ChildSpec(PLAN.withHold(false).withRate(50.5, Duration.ofSeconds(2)),
                new ClientStrategy.FixedPool(3), 7, 3, 12.25, 1_700_000_000_123_456_789L, true);
        assertThat(Messages.readSpec(Messages.writeSpec(a), ChildSpec.class)).isEqualTo(a);
        assertThat(Messages.readSpec(Messages.writeSpec(ARGS), ChildSpec.class)).isEqualTo(ARGS);
    }

    @Test
    void aChildRejectsABadSpecSayingWhat() {
        assertThatThrownBy(() -> Messages.readSpec(null, ChildSpec.class)).hasMessageContaining("no spec");
        assertThatThrownBy(() -> Messages.readSpec("{\"first\":1}", ChildSpec.class))
                .hasMessageContaining("needs a plan");
        String process = Messages.writeSpec(ARGS).replace("\"strategy\":\"virtual\"", "\"strategy\":\"process\"");
        assertThatThrownBy(() -> Messages.readSpec(process, ChildSpec.class))
                .hasMessageContaining("cannot run the process strategy");
        assertThatThrownBy(() -> Messages.readSpec("not json", ChildSpec.class)).hasMessageContaining("ChildSpec");
    }

    @Test
    void aChildWithABadSpecReportsWhyAndExitsTwo() {
        var bytes = new java.io.ByteArrayOutputStream();
        var out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        int code = ChildMain.run(out, new java.io.BufferedReader(new java.io.StringReader("{\"first\":0}\n")));
        assertThat(code).isEqualTo(2);
        Message m = Messages.decode(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).trim()).orElseThrow();
        assertThat(m).isInstanceOfSatisfying(Message.Report.class, r -> assertThat(r.error()).startsWith("bad spec"));
    }

    @Test
    void clientsAreSpreadEvenlyOverTheChildrenOrOneEach() {
        assertThat(Slice.spread(1, 10, 4)).containsExactly(new Slice(1, 1, 3),
                new Slice(2, 4, 3), new Slice(3, 7, 2),
                new Slice(4, 9, 2));
        assertThat(Slice.spread(1, 3, 0)).containsExactly(new Slice(1, 1, 1),
                new Slice(2, 2, 1), new Slice(3, 3, 1));
        assertThat(Slice.spread(1, 2, 8)).hasSize(2);
    }
}
