package timelab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import timelab.app.MergeApp;
import timelab.client.RunMerge;

/** {@code timelab merge}: the {@code --json} files of a plan's segments as one run ({@link MergeApp}). */
@Command(name = "merge",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Merges the --json files of timelab client --segment I/N runs (one per segment, from one host or many) "
                    + "into one run of the whole plan: prints the summary timelab client prints and writes the same "
                    + "JSON. Counts and failures by kind are summed, latency histograms added (exact percentiles, "
                    + "never averaged), the wall time runs from the earliest start to the latest end; each input's "
                    + "host, pid, segment and peaks are kept apart, and the merged peaks are their sums (upper "
                    + "bounds).",
            "Exit code 0 when failures <= --max-failures, 1 when more, 2 when an input is unreadable, not a "
                    + "client's JSON, of another plan, a segment given twice, or a segment is missing."
        })
final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", paramLabel = "FILE",
            description = "write the merged run as JSON, the schema of timelab client --json "
                    + "(docs/reference/report-json.md)")
    Path json;

    @Option(names = "--max-failures", defaultValue = "0", paramLabel = "N",
            description = "exit 1 when more clients failed in all (default: ${DEFAULT-VALUE})")
    long maxFailures;

    @Option(names = "--partial",
            description = "merge even when segments are missing (a warning and missingSegments in the JSON say "
                    + "which); without it a missing segment is an error, since the merge would pass for the whole "
                    + "plan with fewer clients")
    boolean partial;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "the --json files of the segments' runs")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        if (maxFailures < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--max-failures must not be negative");
        }
        RunMerge.Merged merged = Usage.check(spec, () -> MergeApp.read(files, partial));
        return MergeApp.report(merged, json, maxFailures, spec.commandLine().getOut()).code();
    }
}
