package timelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import timelab.app.ConsoleText;
import timelab.experiment.BacklogRow;
import timelab.experiment.LimitResult;
import timelab.experiment.Machine;
import timelab.experiment.Run;
import timelab.fork.JavaRuntime;
import timelab.report.ConsoleTable;
import timelab.report.Findings;
import timelab.report.Report;
import timelab.report.ReportWriter;

/** How every experiment command starts (the report folder) and ends (the report written, tables printed). */
final class Experiments {

    private Experiments() {}

    /** Writes the report into {@code dir}, prints its tables and where it is; the children ran on {@code java}. */
    static Report finish(CommandSpec spec, String title, Instant started, Machine machine, JavaRuntime java, Path dir,
            List<Run> matrix, List<LimitResult> limits, List<BacklogRow> backlog) throws IOException {
        String command = "timelab " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Report report = new Report(Report.SCHEMA_VERSION, title,
                started.truncatedTo(ChronoUnit.SECONDS).toString(), command, machine, Report.Jdks.of(java), matrix,
                limits, backlog, List.of(), Duration.between(started, Instant.now()).toMillis() / 1000.0);
        Report written = ReportWriter.write(report, dir);
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.print(ConsoleTable.render(written));
        out.print(ConsoleTable.findings(Findings.headline(written)));
        out.println("report: " + dir.resolve("report.html").toAbsolutePath().normalize());
        out.flush();
        return written;
    }

    /** Prints an experiment's line, wrapped to the console's width ({@link ConsoleText#fit}). */
    static void say(CommandSpec spec, String line) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(ConsoleText.fit(line));
        out.flush();
    }
}
