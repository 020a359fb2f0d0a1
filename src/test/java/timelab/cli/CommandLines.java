package timelab.cli;

import java.util.Optional;
import picocli.CommandLine;

/**
 * timelab's real command line, parsed but not run, for tests outside this package: what a container's args (a
 * Kubernetes manifest's) would make picocli say, without starting what they name.
 */
public final class CommandLines {

    private CommandLines() {}

    /**
     * Parses {@code args} with the whole command tree, as {@code timelab} would before running anything.
     *
     * @return the usage error picocli reports (unknown option, bad value, missing parameter), empty when none
     */
    public static Optional<String> usageError(String... args) {
        try {
            TimelabCommand.commandLine().parseArgs(args);
            return Optional.empty();
        } catch (CommandLine.ParameterException e) {
            return Optional.of(e.getMessage());
        }
    }
}
