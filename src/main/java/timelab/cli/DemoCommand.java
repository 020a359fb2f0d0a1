package timelab.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import timelab.app.ExitCode;
import timelab.client.ClientStrategy;
import timelab.experiment.BacklogExperiment;
import timelab.experiment.CurveExperiment;
import timelab.experiment.CurveResult;
import timelab.experiment.BacklogRow;
import timelab.experiment.LimitExperiment;
import timelab.experiment.LimitResult;
import timelab.experiment.Machine;
import timelab.experiment.MatrixExperiment;
import timelab.experiment.Prediction;
import timelab.experiment.Run;
import timelab.experiment.ServerUnderTest;
import timelab.fork.JavaRuntime;
import timelab.netty.EventLoops;
import timelab.server.ServerModel;
import timelab.work.Work;

/** {@code timelab demo}: the quick tour, two to three minutes, one report. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "A quick tour in two to three minutes: a small matrix (platform, fixed, virtual, nio, netty and "
                    + "process clients against platform, virtual, nio and netty servers, JFR on both sides), a "
                    + "limit search for virtual clients cut to 20 s, the backlog experiment with 10 clients, then one "
                    + "report with charts; and a short curve (delay:50ms over fixed:2, platform, virtual, nio) with "
                    + "its own report in curve/.",
            "The full experiments: timelab matrix, timelab limit, timelab backlog, timelab curve."
        })
final class DemoCommand implements Callable<Integer> {

    /** The matrix's client strategies; netty's on the best transport that starts here (looked up when called). */
    static List<ClientStrategy> strategies() {
        return List.of(new ClientStrategy.PlatformThreads(), new ClientStrategy.FixedPool(2),
                new ClientStrategy.VirtualThreads(), new ClientStrategy.EventLoops(1),
                new ClientStrategy.NettyLoops(1, EventLoops.best()),
                new ClientStrategy.ChildProcesses(2, new ClientStrategy.PlatformThreads()));
    }

    /** The matrix's server models: one loop per CPU for netty, on the best transport that starts here. */
    static List<ServerModel> models() {
        return List.of(new ServerModel.Platform(), new ServerModel.Virtual(), new ServerModel.EventLoop(),
                new ServerModel.Netty(ExperimentOptions.cpus(), EventLoops.best()));
    }

    static final List<ServerModel> CURVE_MODELS = List.of(new ServerModel.FixedPool(2), new ServerModel.Platform(),
            new ServerModel.Virtual(), new ServerModel.EventLoop());
    /** The curve's bound: a started step finishes, so it may run a few seconds over. */
    static final Duration CURVE_TIME = Duration.ofSeconds(25);

    @Spec
    CommandSpec spec;

    @Mixin
    ReportOption report;

    @Option(names = "--clients", defaultValue = "300", paramLabel = "N",
            description = "clients per matrix cell (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--limit-time", defaultValue = "20s", converter = Converters.DurationConverter.class,
            paramLabel = "D", description = "time for the limit search (default: ${DEFAULT-VALUE})")
    Duration limitTime;

    @Option(names = "--no-curve", description = "leave out the short curve (delay:50ms over fixed:2, platform, "
            + "virtual and nio)")
    boolean noCurve;

    @Override
    public Integer call() throws Exception {
        Duration connect = Duration.ofSeconds(3);
        Duration read = Duration.ofSeconds(5);
        Instant started = Instant.now();
        Path dir = report.folder(started);
        Machine machine = Machine.current();
        JavaRuntime java = JavaRuntime.current();
        Experiments.say(spec, "timelab demo: " + machine.cpus() + " CPUs, Java " + machine.java() + ", report in "
                + dir);
        String parts = noCurve ? "3" : "4";
        List<ClientStrategy> strategies = strategies();
        List<ServerModel> models = models();
        Experiments.say(spec, "1/" + parts + " matrix: " + String.join(", ", strategies.stream()
                .map(ClientStrategy::label).toList()) + " clients × " + String.join(", ", models.stream()
                .map(ServerModel::label).toList()) + " servers, " + clients + " clients each");
        List<Run> runs = MatrixExperiment.run(new MatrixExperiment.Plan(strategies, models, List.of(clients), false,
                true, connect, read, java), dir, line -> Experiments.say(spec, line));
        Experiments.say(spec, "2/" + parts + " limit: virtual clients → nio server, for " + limitTime.toSeconds()
                + " s");
        LimitResult limit = LimitExperiment.run(new LimitExperiment.Plan(new ClientStrategy.VirtualThreads(),
                new ServerUnderTest.Child(new ServerModel.EventLoop()), 50_000, limitTime, connect, read,
                ExperimentOptions.serverConfig(spec, "demo", List.of()), java, "--limit-time"),
                machine, dir, line -> Experiments.say(spec, line));
        Experiments.say(spec, "3/" + parts + " backlog: 10 simultaneous clients against single (backlog 1), "
                + "platform and nio");
        List<BacklogRow> backlog = BacklogExperiment.run(
                new BacklogExperiment.Plan(List.of(10), 1, connect, read, java), machine, dir,
                line -> Experiments.say(spec, line));
        Experiments.finish(spec, "timelab demo: clients, servers, limits and the backlog", started, machine, java, dir,
                runs, List.of(limit), backlog);
        if (!noCurve) {
            curve(machine, java, dir.resolve("curve"));
        }
        Experiments.say(spec, "next: timelab curve (every model), timelab limit --strategy platform (the full "
                + "search), timelab matrix, timelab backlog; open the .jfr files in JDK Mission Control");
        return ExitCode.OK.code();
    }

    /** The short curve: its own report in {@code dir} ({@code kind: curve}), bounded by {@link #CURVE_TIME}. */
    private void curve(Machine machine, JavaRuntime java, Path dir) throws Exception {
        Experiments.say(spec, "4/4 curve: delay:50ms over " + String.join(", ", CURVE_MODELS.stream()
                .map(ServerModel::label).toList()) + ", 1, 2, 4 clients, 1 s steps, at most "
                + CURVE_TIME.toSeconds() + " s");
        Instant started = Instant.now();
        CurveExperiment.Plan plan = new CurveExperiment.Plan(CURVE_MODELS, Work.parse("delay:50ms"), null,
                CurveResult.Sweep.CLIENTS, CurveExperiment.Plan.doubling(4), Duration.ofSeconds(1), CURVE_TIME,
                Prediction.Host.on(java.jdk()), ExperimentOptions.serverConfig(spec, "demo", List.of()),
                Duration.ofSeconds(3), Duration.ofSeconds(5), true, java);
        CurveCommand.finish(spec, started, machine, java, dir, CurveExperiment.run(plan, dir,
                line -> Experiments.say(spec, line)));
    }
}
