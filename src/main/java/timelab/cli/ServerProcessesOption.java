package timelab.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import timelab.app.ServerAppConfig;

/** {@code --server-processes N} of {@code limit} and {@code curve}: their server child as {@code --processes N}. */
final class ServerProcessesOption {

    @Option(names = "--server-processes", defaultValue = "1", paramLabel = "N",
            description = "server processes, >= 1: the server child runs as 'timelab server --processes N' (N worker "
                    + "JVMs on one port with SO_REUSEPORT); the report gives each process's peaks and the totals "
                    + "(default: ${DEFAULT-VALUE})")
    int processes;

    /**
     * {@code config} with the processes.
     *
     * @throws ParameterException naming the option when N is below 1 or does not go with the config (e.g. --jfr)
     */
    ServerAppConfig apply(CommandSpec spec, ServerAppConfig config) {
        if (processes == 1) {
            return config; // as the server's own flags have it (--server-arg=--processes=N still works)
        }
        try {
            return config.withProcesses(processes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--server-processes: " + e.getMessage(), e);
        }
    }
}
