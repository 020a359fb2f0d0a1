package timelab.report;

import java.util.List;
import java.util.Objects;
import timelab.experiment.BacklogRow;
import timelab.experiment.LimitResult;
import timelab.experiment.Machine;
import timelab.experiment.Run;

/**
 * Everything one {@code timelab limit|matrix|backlog|demo} invocation found: the contents of {@code report.json}
 * (schema {@value #SCHEMA_VERSION}; fields are added compatibly, anything else raises the version).
 *
 * @param title what was run, in words
 * @param createdAt ISO-8601 instant
 * @param command the command line that produced it
 * @param machine the machine's facts and limits
 * @param matrix the matrix's runs (empty when none ran)
 * @param limits the limit searches' results
 * @param backlog the backlog experiment's rows
 * @param charts the PNG charts, relative to the report folder
 * @param seconds how long it all took
 */
public record Report(int schemaVersion, String title, String createdAt, String command, Machine machine,
        List<Run> matrix, List<LimitResult> limits, List<BacklogRow> backlog, List<Chart> charts, double seconds) {

    public static final int SCHEMA_VERSION = 1;

    public Report {
        Objects.requireNonNull(title, "title");
        matrix = List.copyOf(matrix);
        limits = List.copyOf(limits);
        backlog = List.copyOf(backlog);
        charts = List.copyOf(charts);
    }

    /** This report with its charts. */
    public Report withCharts(List<Chart> charts) {
        return new Report(schemaVersion, title, createdAt, command, machine, matrix, limits, backlog, charts, seconds);
    }

    /**
     * One PNG chart.
     *
     * @param file relative to the report folder
     * @param section which part of the report it belongs to: {@code matrix}, {@code limit}, {@code backlog}
     * @param title its title
     */
    public record Chart(String file, String section, String title) {}
}
