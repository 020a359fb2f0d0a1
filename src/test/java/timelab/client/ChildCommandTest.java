package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The child command as a pure function: tested without starting a process. */
class ChildCommandTest {

    private static final LoadPlan PLAN = LoadPlan.time("127.0.0.1", 45000, 1000).withHold(true);
    private static final WorkerArgs ARGS = new WorkerArgs(PLAN, new ClientStrategy.VirtualThreads(), 251, 250, 0,
            -1, false);

    @Test
    void theChildIsTheSameJavaAndClassPathWithTheCheapFlagsThenTheWorkerAndItsShare() {
        List<String> cmd = ChildCommand.build("/jdk/bin/java", List.of("/a/timelab.jar", "/b/x.jar"),
                LoadPlan.Spawning.DEFAULT, 250, Path.of("/tmp/t.jsa"), ARGS);
        assertThat(cmd.get(0)).isEqualTo("/jdk/bin/java");
        assertThat(cmd).containsSubsequence("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx36m", "-Xss256k",
                "-XX:-UsePerfData", "-Xshare:auto", "-XX:SharedArchiveFile=/tmp/t.jsa", "-cp",
                "/a/timelab.jar:/b/x.jar", "timelab.client.WorkerMain", "--plan");
        assertThat(cmd.subList(cmd.indexOf("timelab.client.WorkerMain") + 1, cmd.size())).isEqualTo(ARGS.toArgs());
    }

    @Test
    void thePlanTravelsAsOneArgumentNotAShellString() {
        List<String> cmd = ChildCommand.build("java", List.of("/a.jar"), LoadPlan.Spawning.DEFAULT, 1, null, ARGS);
        String plan = cmd.get(cmd.indexOf("--plan") + 1);
        assertThat(plan).startsWith("{").endsWith("}").contains("\"hold\":true");
        assertThat(cmd).noneMatch(a -> a.equals("sh") || a.equals("-c"));
    }

    @Test
    void aPlainChildHasNoCheapFlagsAndNoArchiveButKeepsTheUsersOptionsLast() {
        LoadPlan.Spawning plain = new LoadPlan.Spawning(0, 8, false, List.of("-Xmx64m"));
        List<String> cmd = ChildCommand.build("java", List.of("/a.jar"), plain, 10, Path.of("/tmp/t.jsa"), ARGS);
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
    void workerArgumentsRoundTripExactly() {
        WorkerArgs a = new WorkerArgs(PLAN.withHold(false).withRate(50.5, Duration.ofSeconds(2)),
                new ClientStrategy.FixedPool(3), 7, 3, 12.25, 1_700_000_000_123_456_789L, true);
        assertThat(WorkerArgs.parse(a.toArgs().toArray(String[]::new))).isEqualTo(a);
        assertThat(WorkerArgs.parse(ARGS.toArgs().toArray(String[]::new))).isEqualTo(ARGS);
    }

    @Test
    void aChildRejectsBadArgumentsSayingWhat() {
        assertThatThrownBy(() -> WorkerArgs.parse("--first", "1")).hasMessageContaining("needs --plan");
        assertThatThrownBy(() -> WorkerArgs.parse("--plan", "{}", "--strategy", "virtual", "--first", "1",
                "--count", "1")).hasMessageContaining("LoadPlan");
        List<String> bad = new java.util.ArrayList<>(ARGS.toArgs());
        bad.set(bad.indexOf("--strategy") + 1, "process");
        assertThatThrownBy(() -> WorkerArgs.parse(bad.toArray(String[]::new)))
                .hasMessageContaining("cannot run the process strategy");
        assertThatThrownBy(() -> WorkerArgs.parse("--bogus", "1")).hasMessageContaining("--bogus");
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
