package timelab.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import timelab.client.ClientRun;
import timelab.client.RunMerge;

/**
 * {@code timelab merge} as an object: reads the {@code --json} files of a plan's segments, merges them into one run
 * ({@link RunMerge}), prints the summary {@code timelab client} prints ({@link ClientReport}) and writes the same JSON.
 * Two steps, so that a command can turn a bad input into a usage error before anything is printed:
 * {@link #read} (throws, naming the file) and {@link #report}.
 */
public final class MergeApp {

    private MergeApp() {}

    /**
     * Reads and merges {@code files}.
     *
     * @param partial merge even when segments are missing (a warning says which)
     * @throws IllegalArgumentException in one line naming the file: unreadable, not a client's JSON, of another
     *     plan, a segment twice; or the missing segments
     */
    public static RunMerge.Merged read(List<Path> files, boolean partial) {
        List<RunMerge.Input> inputs = new ArrayList<>();
        for (Path f : files) {
            inputs.add(new RunMerge.Input(f.toString(), readRun(f)));
        }
        return RunMerge.merge(inputs, partial);
    }

    /** One file as a client run, or why it is not one. */
    private static ClientRun readRun(Path f) {
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(f + ": cannot read it (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        ClientRun run;
        try {
            run = ClientRun.fromJson(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(f + ": not the JSON of timelab client --json (" + firstLine(e) + ")",
                    e);
        }
        String missing = run.plan() == null ? "plan" : run.startedAt() == null ? "startedAt"
                : run.connect() == null || run.request() == null ? "latency histograms"
                : run.resources() == null ? "resources" : null;
        if (missing != null) {
            throw new IllegalArgumentException(f + ": not the JSON of timelab client --json (no " + missing + ")");
        }
        if (run.schemaVersion() != ClientRun.SCHEMA_VERSION) {
            throw new IllegalArgumentException(f + ": schema version " + run.schemaVersion() + ", this timelab reads "
                    + ClientRun.SCHEMA_VERSION);
        }
        return run;
    }

    private static String firstLine(Exception e) {
        String m = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        return m.lines().findFirst().orElse(m);
    }

    /**
     * Prints the merged run's summary (and any warning) on {@code out}, writes its JSON to {@code json} when given.
     *
     * @return {@link ExitCode#OK}, or {@link ExitCode#FAILURES} when more clients failed than {@code maxFailures}
     * @throws IOException when the JSON cannot be written
     */
    public static ExitCode report(RunMerge.Merged merged, Path json, long maxFailures, PrintWriter out)
            throws IOException {
        ClientRun run = merged.run();
        merged.warnings().forEach(w -> out.println("warning: " + w));
        out.print(ClientReport.summary(run));
        if (json != null) {
            try {
                Files.writeString(json, run.toJson() + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException("cannot write " + json + ": " + e.getMessage(), e);
            }
            out.println("JSON written to " + json);
        }
        if (run.failed() > maxFailures) {
            out.printf("%d clients failed, more than --max-failures %d: exit code %d%n", run.failed(), maxFailures,
                    ExitCode.FAILURES.code());
            out.flush();
            return ExitCode.FAILURES;
        }
        out.flush();
        return ExitCode.OK;
    }
}
