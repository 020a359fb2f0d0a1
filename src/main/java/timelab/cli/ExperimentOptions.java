package timelab.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import timelab.app.ServerAppConfig;
import timelab.client.ClientStrategy;
import timelab.fork.JavaRuntime;
import timelab.server.ServerModel;

/** The options every experiment command shares (a picocli mixin), and the parsing of strategy and model lists. */
final class ExperimentOptions {

    @Mixin
    ReportOption report;

    @Mixin
    TimeoutOptions timeouts;

    @Mixin
    JavaOption java;

    /** What the experiment's server and client children run on ({@code --java}, else this JVM's java). */
    JavaRuntime java() {
        return java.runtime();
    }

    /**
     * Client strategies from {@code a,b,c} (or {@code all}); {@code fixed} without a size gets the CPU count.
     *
     * @throws ParameterException naming the bad one (exit 2)
     */
    static List<ClientStrategy> strategies(CommandSpec spec, String list, List<String> all) {
        List<ClientStrategy> out = new ArrayList<>();
        for (String s : list.equals("all") ? all : List.of(list.split(","))) {
            try {
                out.add(ClientStrategy.parse(s.strip(), cpus()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--strategy: " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** Server models from {@code a,b,c} (or {@code all}); {@code fixed} without a size gets the CPU count. */
    static List<ServerModel> models(CommandSpec spec, String option, String list) {
        if (list.equals("all")) {
            return ServerModel.all(cpus());
        }
        List<ServerModel> out = new ArrayList<>();
        for (String m : list.split(",")) {
            try {
                out.add(ServerModel.parse(m, cpus()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** Whole numbers ≥ 1 from {@code a,b,c}. */
    static List<Integer> counts(CommandSpec spec, String option, String list) {
        List<Integer> out = new ArrayList<>();
        for (String n : list.split(",")) {
            try {
                int v = Integer.parseInt(n.strip().replace("_", ""));
                if (v < 1) {
                    throw new NumberFormatException();
                }
                out.add(v);
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), option + ": '" + n + "' is not a whole number ≥ 1");
            }
        }
        return List.copyOf(out);
    }

    /**
     * A server child's config from {@code timelab server}'s own options: on 127.0.0.1, an ephemeral port, one status
     * message per second, then {@code serverArgs} (its model is set per run).
     *
     * @throws ParameterException naming {@code option} when picocli or the config rejects them (exit 2), before any
     *     child starts
     */
    static ServerAppConfig serverConfig(CommandSpec spec, String option, List<String> serverArgs) {
        List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--status-interval", "1s",
                "--status-format", "json"));
        args.addAll(serverArgs);
        ServerCommand server = new ServerCommand();
        try {
            new CommandLine(server).parseArgs(args.toArray(String[]::new));
            return server.config();
        } catch (ParameterException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage(), e);
        }
    }

    /** The CPUs: the pool size of {@code fixed} without {@code :N}. */
    static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }
}
