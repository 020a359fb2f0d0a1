package timelab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import timelab.app.Evidence;

/** {@code --jfr[=FILE]}: a JFR recording of the side this command runs (a picocli mixin). */
final class JfrOption {

    @Option(names = "--jfr", arity = "0..1", fallbackValue = "", paramLabel = "FILE",
            description = {"record a JFR recording with jfr/timelab.jfc's settings into FILE (default: "
                    + "jfr/${COMMAND-NAME}-<model or strategy>-<timestamp>.jfr): timelab.Connection (server) or "
                    + "timelab.ClientRequest (client) per connection, timelab.Concurrency every second; the path "
                    + "is printed at the end"})
    String jfr;

    /** The evidence asked for: {@code --jfr} absent, {@code --jfr} alone (the default file) or {@code --jfr FILE}. */
    Evidence evidence(boolean threadDumpAtPeak) {
        return new Evidence(jfr != null, jfr == null || jfr.isEmpty() ? null : Path.of(jfr), threadDumpAtPeak);
    }
}
