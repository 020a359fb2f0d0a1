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
import timelab.experiment.BacklogRow;
import timelab.experiment.LimitExperiment;
import timelab.experiment.LimitResult;
import timelab.experiment.Machine;
import timelab.experiment.MatrixExperiment;
import timelab.experiment.Run;
import timelab.experiment.ServerUnderTest;
import timelab.fork.JavaRuntime;
import timelab.server.ServerModel;

/** {@code timelab demo}: the quick tour, one to two minutes, one report. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "A quick tour in one to two minutes: a small matrix (platform, fixed, virtual, nio and process clients "
                    + "against platform, virtual and nio servers, JFR on both sides), a limit search for virtual "
                    + "clients cut to 20 s, and the backlog experiment with 10 clients; then one report with charts.",
            "The full experiments: timelab matrix, timelab limit, timelab backlog."
        })
final class DemoCommand implements Callable<Integer> {

    static final List<ClientStrategy> STRATEGIES = List.of(new ClientStrategy.PlatformThreads(),
            new ClientStrategy.FixedPool(2), new ClientStrategy.VirtualThreads(), new ClientStrategy.EventLoops(1),
            new ClientStrategy.ChildProcesses(2, new ClientStrategy.PlatformThreads()));
    static final List<ServerModel> MODELS = List.of(new ServerModel.Platform(), new ServerModel.Virtual(),
            new ServerModel.EventLoop());

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
        Experiments.say(spec, "1/3 matrix: " + String.join(", ", STRATEGIES.stream().map(ClientStrategy::label)
                .toList()) + " clients × platform, virtual, nio servers, " + clients + " clients each");
        List<Run> runs = MatrixExperiment.run(new MatrixExperiment.Plan(STRATEGIES, MODELS, List.of(clients), false,
                true, connect, read, java), dir, line -> Experiments.say(spec, line));
        Experiments.say(spec, "2/3 limit: virtual clients → nio server, for " + limitTime.toSeconds() + " s");
        LimitResult limit = LimitExperiment.run(new LimitExperiment.Plan(new ClientStrategy.VirtualThreads(),
                new ServerUnderTest.Child(new ServerModel.EventLoop()), 50_000, limitTime, connect, read,
                ExperimentOptions.serverConfig(spec, "demo", List.of()), java),
                machine, dir, line -> Experiments.say(spec, line));
        Experiments.say(spec, "3/3 backlog: 10 simultaneous clients against single (backlog 1), platform and nio");
        List<BacklogRow> backlog = BacklogExperiment.run(
                new BacklogExperiment.Plan(List.of(10), 1, connect, read, java), machine, dir,
                line -> Experiments.say(spec, line));
        Experiments.finish(spec, "timelab demo: clients, servers, limits and the backlog", started, machine, java, dir,
                runs, List.of(limit), backlog);
        Experiments.say(spec, "next: timelab limit --strategy platform (the full search), timelab matrix, "
                + "timelab backlog; open the .jfr files in JDK Mission Control");
        return ExitCode.OK.code();
    }
}
