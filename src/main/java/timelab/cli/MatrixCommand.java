package timelab.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import timelab.app.ExitCode;
import timelab.client.ClientStrategy;
import timelab.experiment.Machine;
import timelab.experiment.MatrixExperiment;
import timelab.experiment.Run;
import timelab.fork.JavaRuntime;

/** {@code timelab matrix}: every client strategy × every server model. */
@Command(name = "matrix",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs every client strategy against every server model (each server a fresh child JVM, JFR on both "
                    + "sides) and reports successes, failures by kind, wall time, clients/s, p99 latencies, peak "
                    + "threads (platform and virtual apart) and peak RSS on both sides.",
            "Writes report.json, report.html with interactive charts (and the scripts that draw them), the "
                    + "client JSON and the .jfr files into the report folder."
        })
final class MatrixCommand implements Callable<Integer> {

    /** {@code process} = one JVM per client takes minutes per thousand; the matrix uses four JVMs by default. */
    static final String DEFAULT_STRATEGIES = "platform,fixed,cached,virtual,nio,netty,process:4/platform";

    @Spec
    CommandSpec spec;

    @Mixin
    ExperimentOptions options;

    @Option(names = "--strategies", defaultValue = DEFAULT_STRATEGIES, paramLabel = "S[,S...]",
            description = "client strategies, or all (= one JVM per client for process) (default: ${DEFAULT-VALUE})")
    String strategies;

    @Option(names = "--models", defaultValue = "all", paramLabel = "M[,M...]",
            description = "server models: platform, fixed[:N], cached, virtual, nio, single, or all "
                    + "(default: ${DEFAULT-VALUE})")
    String models;

    @Option(names = "--clients", defaultValue = "1000", paramLabel = "N[,N...]",
            description = "clients per cell; a list runs the matrix once per count (default: ${DEFAULT-VALUE})")
    String clients;

    @Option(names = "--hold", description = "every client holds its connection until all are connected")
    boolean hold;

    @Option(names = "--no-jfr", description = "no JFR recordings (and no threads-over-time charts)")
    boolean noJfr;

    @Override
    public Integer call() throws Exception {
        JavaRuntime java = options.java();
        MatrixExperiment.Plan plan = new MatrixExperiment.Plan(
                ExperimentOptions.strategies(spec, strategies, ClientStrategy.NAMES),
                ExperimentOptions.models(spec, "--models", models),
                ExperimentOptions.counts(spec, "--clients", clients), hold, !noJfr, options.timeouts.connectTimeout,
                options.timeouts.readTimeout, java);
        Instant started = Instant.now();
        Path dir = options.report.folder(started);
        Machine machine = Machine.current();
        Experiments.say(spec, String.format(Locale.ROOT, "matrix: %d strategies × %d models × %s clients = %d runs",
                plan.strategies().size(), plan.models().size(), clients, plan.cells()));
        List<Run> runs = MatrixExperiment.run(plan, dir, line -> Experiments.say(spec, line));
        Experiments.finish(spec, "timelab matrix: client strategies × server models", started, machine, java, dir, runs,
                List.of(), List.of());
        return ExitCode.OK.code();
    }
}
