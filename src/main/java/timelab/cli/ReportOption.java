package timelab.cli;

import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Option;
import timelab.report.ReportWriter;

/** {@code --report DIR}: where an experiment writes its report (a picocli mixin). */
final class ReportOption {

    @Option(names = "--report", paramLabel = "DIR", description = "the report folder (default: reports/<UTC time>)")
    Path report;

    /** {@code --report DIR}, or {@code reports/<UTC time>} when it was not given. */
    Path folder(Instant started) {
        return report != null ? report : ReportWriter.defaultFolder(Path.of("reports"), started);
    }
}
