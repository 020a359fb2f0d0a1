package timelab.cli;

import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Where a record's validation becomes a usage error: its message, the usage, exit code 2. */
final class Usage {

    private Usage() {}

    /**
     * Builds what {@code build} builds from a command's options.
     *
     * @throws ParameterException with the {@link IllegalArgumentException}'s message when the options do not make
     *     a valid record
     */
    static <T> T check(CommandSpec spec, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
