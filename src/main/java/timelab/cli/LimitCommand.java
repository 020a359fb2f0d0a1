package timelab.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import timelab.app.ExitCode;
import timelab.app.ServerAppConfig;
import timelab.client.ClientStrategy;
import timelab.experiment.LimitExperiment;
import timelab.experiment.LimitResult;
import timelab.experiment.Machine;
import timelab.experiment.ServerUnderTest;
import timelab.fork.JavaRuntime;
import timelab.server.ServerModel;

/** {@code timelab limit}: the most concurrent clients per strategy, and what ran out. */
@Command(name = "limit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Finds the most concurrent clients a strategy holds with zero failures: ramps 100, 200, 500, 1k, 2k, 5k, "
                    + "10k, 20k, ... (each step holds every connection until all are up, against a fresh server "
                    + "child), then bisects to within 1%%; names what ran out with its evidence.",
            "Writes report.json and report.html into the report folder."
        })
final class LimitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExperimentOptions options;

    @Option(names = "--strategy", defaultValue = "all", paramLabel = "S[,S...]",
            description = "client strategies: platform, fixed[:N], cached, virtual, nio[:N], process[:K/S], or all "
                    + "(default: ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--server-model", defaultValue = "platform", paramLabel = "MODEL",
            description = "the server child's model (default: ${DEFAULT-VALUE}, the coursework's)")
    String serverModel;

    @Mixin
    ServerProcessesOption serverProcesses;

    @Option(names = "--server", paramLabel = "HOST:PORT",
            description = "use a running server instead of starting one per step (its side is not observed)")
    String server;

    @Option(names = "--ceiling", defaultValue = "50000", paramLabel = "N",
            description = "the most clients to try (default: ${DEFAULT-VALUE})")
    int ceiling;

    @Option(names = "--max-duration", defaultValue = "10m", converter = Converters.DurationConverter.class,
            paramLabel = "D", description = "time budget per strategy; a started step finishes (default: "
                    + "${DEFAULT-VALUE})")
    Duration maxDuration;

    @Option(names = "--server-arg", paramLabel = "ARG",
            description = "an extra flag for the server child, repeatable (e.g. --server-arg=--max-connections=500)")
    List<String> serverArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<ClientStrategy> strategies = ExperimentOptions.strategies(spec, strategy, ClientStrategy.NAMES);
        ServerModel model = ExperimentOptions.models(spec, "--server-model", serverModel).get(0);
        ServerUnderTest target = server == null ? new ServerUnderTest.Child(model)
                : new ServerUnderTest.External(hostPort(server));
        ServerAppConfig serverConfig = serverProcesses.apply(spec,
                ExperimentOptions.serverConfig(spec, "--server-arg", serverArgs));
        if (server != null && serverConfig.processes() > 1) {
            throw new ParameterException(spec.commandLine(), "--server-processes starts the server child: not with "
                    + "--server HOST:PORT (start that one with 'timelab server --processes N')");
        }
        if (ceiling < 1) {
            throw new ParameterException(spec.commandLine(), "--ceiling must be at least 1");
        }
        JavaRuntime java = options.java();
        Instant started = Instant.now();
        Path dir = options.report.folder(started);
        Machine machine = Machine.current();
        List<LimitResult> results = new ArrayList<>();
        for (ClientStrategy s : strategies) {
            Experiments.say(spec, String.format(Locale.ROOT, "limit: %s client → %s server%s, up to %,d clients, "
                    + "at most %d s", s.label(), server == null ? model.label() : server,
                    serverConfig.processes() == 1 ? "" : " × " + serverConfig.processes() + " processes", ceiling,
                    maxDuration.toSeconds()));
            LimitExperiment.Plan plan = new LimitExperiment.Plan(s, target, ceiling, maxDuration,
                    options.timeouts.connectTimeout, options.timeouts.readTimeout, serverConfig, java,
                    "--max-duration");
            results.add(LimitExperiment.run(plan, machine, dir, line -> Experiments.say(spec, line)));
        }
        Experiments.finish(spec, "timelab limit: most concurrent clients per strategy", started, machine, java, dir,
                List.of(), results, List.of());
        return ExitCode.OK.code();
    }

    private InetSocketAddress hostPort(String value) {
        int colon = value.lastIndexOf(':');
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (colon < 1 || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return InetSocketAddress.createUnresolved(value.substring(0, colon), port);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new ParameterException(spec.commandLine(), "--server: '" + value + "' is not HOST:PORT");
        }
    }
}
