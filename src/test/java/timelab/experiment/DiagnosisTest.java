package timelab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import timelab.client.ClientRun;
import timelab.client.ClientStrategy;
import timelab.client.FailureKind;
import timelab.server.ServerModel;

class DiagnosisTest {

    static final Machine MACHINE = new Machine("25", "Linux 6", 2, 24L << 30, 20L << 30, 32_768, 192_730, 65_530,
            20_000, 4_096, 1, 0, 4, 28_232);

    /** A failing run: {@code failed} clients of {@code kind}, the rest fine. */
    static Run run(int clients, String kind, long failed, Run.Server server, Run.Observed observed,
            Map<String, Long> kernel) {
        FailureKind k = kind == null ? null : FailureKind.ofLabel(kind);
        return new Run(strategy("platform"), model("platform"), clients, true, clients - failed, failed,
                k == null ? Map.of() : Map.of(k, failed), k == null ? Map.of() : Map.of(k, "raw " + kind),
                1, clients, Run.NO_LATENCY, Run.NO_LATENCY,
                client(clients, 0, clients + 20, clients + 15, 1L << 30, 2, clients - failed, null), server,
                observed, kernel, new Run.Files(null, null, null), null);
    }

    static ClientStrategy strategy(String label) {
        return ClientStrategy.parse(label, 2);
    }

    static ServerUnderTest model(String label) {
        return new ServerUnderTest.Child(ServerModel.parse(label, 2));
    }

    static Map<FailureKind, Long> kinds(Map<String, Long> byLabel) {
        Map<FailureKind, Long> m = new EnumMap<>(FailureKind.class);
        byLabel.forEach((k, v) -> m.put(FailureKind.ofLabel(k), v));
        return m;
    }

    static ClientRun.Latency latency(double p50, double p90, double p99, double max) {
        return new ClientRun.Latency(1, p50, p90, p99, p99, max, p50, null);
    }

    static Run.Client client(long platform, long virtual, long os, long fds, long rss, double cpu, long connections,
            ClientRun.Children children) {
        return new Run.Client(new ClientRun.Resources(platform, virtual, os, fds, rss, cpu), connections, children,
                null);
    }

    static ClientRun.Children children(int planned, int spawned, int spawnFailed, int died, long sumRss, long sumOs,
            double cpu) {
        return new ClientRun.Children(planned, spawned, spawnFailed, died, 0, 0, 0, null, sumRss, 0, 0, 0, sumOs, cpu,
                List.of(), null, List.of());
    }

    static Run.Server server(long busy, long noThread, long acceptFailures) {
        return new Run.Server(100, 100, 100, busy, noThread, acceptFailures, 100, 0, 4096, 19_959, null);
    }

    static final Run.Observed CALM = new Run.Observed(500, 20L << 30, 30, 40, 100L << 20);

    @Test
    void tooManyOpenFilesInTheClientIsTheClientsFdLimit() {
        Diagnosis.Finding f = Diagnosis.diagnose(run(20_000, "too-many-open-files", 30, server(0, 0, 0), CALM,
                Map.of()), MACHINE);
        assertThat(f.resource()).isEqualTo(Resource.CLIENT_FDS);
        assertThat(f.reason()).contains("20,000").contains("raw too-many-open-files");
    }

    @Test
    void busyRepliesAreTheServersMaxConnectionsWithItsValue() {
        Diagnosis.Finding f = Diagnosis.diagnose(run(20_000, "busy", 41, server(41, 0, 0), CALM, Map.of()), MACHINE);
        assertThat(f.resource()).isEqualTo(Resource.SERVER_CONNECTIONS);
        assertThat(f.reason()).contains("19,959").contains("×41");
        assertThat(Diagnosis.diagnose(run(20_000, "busy", 41, null, CALM, Map.of()), MACHINE).resource())
                .as("an external server: busy is still its max-connections").isEqualTo(Resource.SERVER_CONNECTIONS);
    }

    @Test
    void busyRepliesFromSeveralServerProcessesSayEachCapIsItsOwnWithTheTotalAndTheMostInOne() {
        Run.Server two = new Run.Server(39_900, 39_900, 39_900, 41, 0, 0, 40, 0, 4096, 39_918, null,
                List.of(new Run.Worker(101, 19_959, 19_959, 20, 19_990, 1L << 30),
                        new Run.Worker(102, 19_941, 19_941, 20, 19_972, 1L << 30)));
        Diagnosis.Finding f = Diagnosis.diagnose(run(40_000, "busy", 41, two, CALM, Map.of()), MACHINE);
        assertThat(f.resource()).isEqualTo(Resource.SERVER_CONNECTIONS);
        assertThat(f.reason()).contains("The server's 2 processes").contains("39,918 in total").contains("×41")
                .contains("19,959 at most in one").contains("open-file limit of 20,000");
        Diagnosis.Finding accept = Diagnosis.diagnose(run(40_000, "never-served", 5,
                new Run.Server(two.accepted(), two.peakConnections(), two.requests(), 0, 0, 7, 40, 0, 4096, 39_918,
                        null, two.workers()), CALM, Map.of()), MACHINE);
        assertThat(accept.resource()).isEqualTo(Resource.SERVER_FDS);
        assertThat(accept.reason()).contains("each of its 2 processes has a limit of 20,000")
                .contains("at most 19,990 in one");
    }

    @Test
    void threadFailuresNearPidMaxNamePidMaxAndBothSidesCounts() {
        Run.Observed crowded = new Run.Observed(32_700, 18L << 30, 16_050, 16_100, 2L << 30);
        Diagnosis.Finding f = Diagnosis.diagnose(run(16_384, "thread-creation-failed", 300, server(0, 0, 0),
                crowded, Map.of()), MACHINE);
        assertThat(f.resource()).isEqualTo(Resource.THREADS);
        assertThat(f.reason()).contains("pid_max 32,768").contains("32,700").contains("server 16,050");
    }

    @Test
    void serverThreadFailuresAloneAreThreadsOnTheServerSide() {
        Diagnosis.Finding f = Diagnosis.diagnose(run(16_384, "reset", 12, server(0, 12, 0), CALM, Map.of()),
                MACHINE);
        assertThat(f.resource()).isEqualTo(Resource.THREADS);
        assertThat(f.reason()).startsWith("The server could not start a thread for 12 connections");
    }

    @Test
    void threadFailuresFarFromMachineLimitsPointAtTheProcessLimit() {
        Diagnosis.Finding f = Diagnosis.diagnose(run(5_000, "thread-creation-failed", 10, server(0, 0, 0), CALM,
                Map.of()), MACHINE);
        assertThat(f.resource()).isEqualTo(Resource.THREADS);
        assertThat(f.reason()).contains("ulimit -u");
    }

    @Test
    void manyThreadsInOneProcessNearMaxMapCountNameIt() {
        Run.Observed maps = new Run.Observed(20_000, 18L << 30, 31_900, 100, 2L << 30);
        assertThat(Diagnosis.diagnose(run(32_000, "thread-creation-failed", 5, server(0, 0, 0), maps, Map.of()),
                MACHINE).reason()).contains("vm.max_map_count 65,530");
    }

    @Test
    void connectTimeoutsWithOverflowsAreTheAcceptQueue() {
        Diagnosis.Finding f = Diagnosis.diagnose(run(10, "connect-timeout", 7, server(0, 0, 0), CALM,
                Map.of("ListenOverflows", 35L)), MACHINE);
        assertThat(f.resource()).isEqualTo(Resource.ACCEPT_QUEUE);
        assertThat(f.reason()).contains("35 accept-queue overflows").contains("backlog was 4,096");
    }

    @Test
    void spawnFailuresAreTheCostOfChildJvms() {
        Run base = run(600, "process-spawn-failed", 150, server(0, 0, 0), CALM, Map.of());
        Run.Client c = base.client();
        Run withChildren = new Run(base.strategy(), base.serverModel(), base.clients(), true, base.succeeded(),
                base.failed(), base.failures(), base.examples(), 1, 1, Run.NO_LATENCY, Run.NO_LATENCY,
                client(c.resources().peakPlatformThreads(), 0, 20, 30, 100L << 20, 1, 450,
                        children(600, 450, 150, 0, 450L * (60L << 20), 450 * 15L, 450 * 0.5)),
                base.server(), CALM, Map.of(), base.files(), null);
        Diagnosis.Finding f = Diagnosis.diagnose(withChildren, MACHINE);
        assertThat(f.resource()).isEqualTo(Resource.CHILD_PROCESSES);
        assertThat(f.reason()).contains("60 MiB").contains("0.50 CPU-seconds").contains("450 started");
    }

    @Test
    void heldAtTheClientButNeverAllOpenAtTheServerIsAShortfall() {
        Run r = new Run(strategy("virtual"), model("platform"), 2_000, true, 2_000, 0, Map.of(), Map.of(), 1, 1,
                Run.NO_LATENCY, Run.NO_LATENCY, client(13, 2_000, 26, 2_020, 1, 1, 2_000, null),
                new Run.Server(2_000, 1_609, 2_000, 0, 0, 0, 1_620, 0, 4096, 19_959, null), CALM, Map.of(),
                new Run.Files(null, null, null), null);
        assertThat(r.shortfall()).isEqualTo(391);
        assertThat(r.unserved()).as("a shortfall is reported, not a failure").isZero();
    }

    @Test
    void aPoolThatHoldsOnlyItsThreadsHasNoShortfall() {
        Run r = new Run(strategy("fixed:2"), model("nio"), 500, true, 500, 0, Map.of(), Map.of(), 1, 1, Run.NO_LATENCY,
                Run.NO_LATENCY, client(12, 0, 26, 30, 1, 1, 2, null),
                new Run.Server(500, 2, 500, 0, 0, 0, 17, 0, 4096, 19_959, null), CALM, Map.of(),
                new Run.Files(null, null, null), null);
        assertThat(r.shortfall()).isZero();
    }

    @Test
    void aStepStoppedAtTheTimeLimitIsTimeNotAMaximum() {
        Run base = run(500, null, 0, server(0, 0, 0), CALM, Map.of());
        Run stopped = new Run(strategy("process"), model("platform"), 500, true, 165, 0, Map.of(), Map.of(), 200, 1,
                Run.NO_LATENCY, Run.NO_LATENCY, base.client(), base.server(), CALM, Map.of(), base.files(),
                "the client did not finish within PT3M and was stopped");
        assertThat(stopped.unserved()).isEqualTo(335);
        Diagnosis.Finding f = Diagnosis.of(LimitSearch.Stop.TIME, 200, 50_000, stopped, null, MACHINE,
                "--max-duration");
        assertThat(f.resource()).isEqualTo(Resource.TIME);
        assertThat(f.reason()).startsWith("500 clients: 165 served, none failed")
                .contains("165 of 500 clients got their reply");
    }

    @Test
    void aClientWithoutAResultSaysWhy() {
        Run r = new Run(strategy("platform"), model("nio"), 100, true, 0, 100, Map.of(), Map.of(), 0, 0, Run.NO_LATENCY,
                Run.NO_LATENCY, null, null, CALM, Map.of(), new Run.Files(null, null, null), "it crashed");
        assertThat(Diagnosis.diagnose(r, MACHINE)).isEqualTo(new Diagnosis.Finding(Resource.UNKNOWN,
                "The client left no result: it crashed"));
    }

    @Test
    void theSummaryNamesTheFirstBadStepAndTheCutWhenTimeRanOutWhileBisecting() {
        Run bad = run(20_000, "busy", 41, server(41, 0, 0), CALM, Map.of());
        Diagnosis.Finding f = Diagnosis.of(LimitSearch.Stop.TIME, 15_000, 50_000, bad, null, MACHINE,
                "--max-duration");
        assertThat(f.reason()).startsWith("20,000 clients: 41 failed (busy ×41) (--max-duration ran out while "
                + "bisecting: the limit is between 15,000 and 20,000).");
    }

    @Test
    void noFailureUpToTheCeilingSaysSoAndNoticesAPoolThatNeverRanThemAtOnce() {
        Run pool = run(50_000, null, 0, server(0, 0, 0), CALM, Map.of());
        Run.Client c = pool.client();
        Run capped = new Run(strategy("fixed:2"), model("nio"), 50_000, true, 50_000, 0, Map.of(), Map.of(), 1, 1,
                Run.NO_LATENCY, Run.NO_LATENCY, client(c.resources().peakPlatformThreads(), 0, 20, 30, 1, 1, 2, null),
                pool.server(), CALM, Map.of(), pool.files(), null);
        Diagnosis.Finding f = Diagnosis.of(LimitSearch.Stop.CEILING, 50_000, 50_000, null, capped, MACHINE,
                "--max-duration");
        assertThat(f.resource()).isEqualTo(Resource.NONE);
        assertThat(f.reason()).contains("ceiling of 50,000").contains("at most 2 connections open at once")
                .contains("never runs more than that many at once");
        Diagnosis.Finding cut = Diagnosis.of(LimitSearch.Stop.TIME, 10_000, 50_000, null, capped, MACHINE,
                "--limit-time");
        assertThat(cut.resource()).isEqualTo(Resource.TIME);
        assertThat(cut.reason()).isEqualTo("--limit-time ran out after 10,000 clients without a failure: the limit is "
                + "above that; pass a longer --limit-time.");
    }
}
