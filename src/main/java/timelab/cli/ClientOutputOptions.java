package timelab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import timelab.app.ClientAppConfig;

/** What {@code timelab client} prints and writes besides its summary, and its exit-code gate (a picocli mixin). */
final class ClientOutputOptions {

    @Option(names = "--max-failures", defaultValue = "0", paramLabel = "N",
            description = "exit 1 when more clients fail (default: ${DEFAULT-VALUE})")
    long maxFailures;

    @Option(names = "--json", paramLabel = "FILE",
            description = "write the result as JSON (docs/reference/report-json.md)")
    Path json;

    @Option(names = "--verbose", description = "one line per client, as the coursework printed")
    boolean verbose;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            converter = ChoiceConverters.ProgressConverter.class,
            description = "auto | bar | lines | off (default: bar on a terminal, lines otherwise)")
    ClientAppConfig.ProgressMode progress;

    /** The record; {@link IllegalArgumentException} when the options do not make one. */
    ClientAppConfig.Output output() {
        return new ClientAppConfig.Output(json, verbose, progress, maxFailures, false);
    }
}
