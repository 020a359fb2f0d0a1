package timelab.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import timelab.app.ExitCode;
import timelab.experiment.BacklogExperiment;
import timelab.experiment.BacklogRow;
import timelab.experiment.Machine;

/** {@code timelab backlog}: the coursework's nervous client against the bottleneck server. */
@Command(name = "backlog",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "The nervous client: N clients connect at once and hold their connections until all are connected, "
                    + "against single (one thread, --backlog b), platform and nio. Counts connected, served, "
                    + "refused, connect timeouts, never served; reads the kernel's ListenOverflows, ListenDrops and "
                    + "SyncookiesSent before and after, and says what the kernel did.",
            "Writes report.json and report.html into the report folder."
        })
final class BacklogCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExperimentOptions options;

    @Option(names = "--clients", defaultValue = "10,200", paramLabel = "N[,N...]",
            description = "crowd sizes (default: ${DEFAULT-VALUE}, the coursework's)")
    String clients;

    @Option(names = "--backlog", defaultValue = "1", paramLabel = "B",
            description = "the single server's listen backlog (default: ${DEFAULT-VALUE})")
    int backlog;

    @Override
    public Integer call() throws Exception {
        if (backlog < 1) {
            throw new ParameterException(spec.commandLine(), "--backlog must be at least 1 (Java reads 0 as 50)");
        }
        BacklogExperiment.Plan plan = new BacklogExperiment.Plan(ExperimentOptions.counts(spec, "--clients", clients),
                backlog, options.timeouts.connectTimeout, options.timeouts.readTimeout, options.java());
        Instant started = Instant.now();
        Path dir = options.report.folder(started);
        Machine machine = Machine.current();
        Experiments.say(spec, "backlog: " + clients + " simultaneous clients against single (backlog " + backlog
                + "), platform and nio");
        List<BacklogRow> rows = BacklogExperiment.run(plan, machine, dir, line -> Experiments.say(spec, line));
        Experiments.finish(spec, "timelab backlog: the nervous client", started, machine, plan.java(), dir, List.of(),
                List.of(), rows);
        return ExitCode.OK.code();
    }
}
