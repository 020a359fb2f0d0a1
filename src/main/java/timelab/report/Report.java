package timelab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import timelab.experiment.BacklogRow;
import timelab.experiment.LimitResult;
import timelab.experiment.Machine;
import timelab.experiment.Run;
import timelab.fork.JavaRuntime;
import timelab.fork.Jdk;

/**
 * Everything one {@code timelab limit|matrix|backlog|demo} invocation found: the contents of {@code report.json}
 * (schema {@value #SCHEMA_VERSION}; fields are added compatibly, anything else raises the version: 2 made
 * {@link Chart} an interactive chart's option instead of a PNG file).
 *
 * @param title what was run, in words
 * @param createdAt ISO-8601 instant
 * @param command the command line that produced it
 * @param machine the machine's facts and limits
 * @param jdk the JDK this process ran on and the one its children were started on ({@code --java}); each run
 *     records what its server and client children said they ran on
 * @param matrix the matrix's runs (empty when none ran)
 * @param limits the limit searches' results
 * @param backlog the backlog experiment's rows
 * @param charts the charts, in reading order
 * @param seconds how long it all took
 */
public record Report(int schemaVersion, String title, String createdAt, String command, Machine machine, Jdks jdk,
        List<Run> matrix, List<LimitResult> limits, List<BacklogRow> backlog, List<Chart> charts, double seconds) {

    public static final int SCHEMA_VERSION = 2;

    public Report {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(jdk, "jdk");
        matrix = List.copyOf(matrix);
        limits = List.copyOf(limits);
        backlog = List.copyOf(backlog);
        charts = List.copyOf(charts);
    }

    /** This report with its charts. */
    public Report withCharts(List<Chart> charts) {
        return new Report(schemaVersion, title, createdAt, command, machine, jdk, matrix, limits, backlog, charts,
                seconds);
    }

    /**
     * The JDKs the server and client children said they ran on, each once, in the order the runs first name them
     * (empty when none said: an external server and no client result).
     */
    public List<Jdk> reportedChildJdks() {
        List<Run> runs = new ArrayList<>(matrix);
        limits.forEach(l -> runs.addAll(l.steps()));
        backlog.forEach(b -> runs.add(b.run()));
        Set<Jdk> seen = new LinkedHashSet<>();
        for (Run run : runs) {
            if (run.server() != null && run.server().jdk() != null) {
                seen.add(run.server().jdk());
            }
            if (run.client() != null && run.client().jdk() != null) {
                seen.add(run.client().jdk());
            }
        }
        return List.copyOf(seen);
    }

    /**
     * The JDKs of a run.
     *
     * @param parent the JDK of the process that ran the experiment
     * @param children the JDK its server and client children were started on
     */
    public record Jdks(Jdk parent, Jdk children) {
        public Jdks {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(children, "children");
        }

        /** This JVM's JDK and {@code children}'s. */
        public static Jdks of(JavaRuntime children) {
            return new Jdks(Jdk.current(), children.jdk());
        }
    }

    /**
     * One interactive chart of {@code report.html}: an Apache ECharts option that the page draws into a
     * {@code <div class="chart">} (with {@code echarts.min.js} and {@code timelab-charts.js}, copied next to it).
     *
     * @param id the chart's element id, unique in the page
     * @param section which part of the report it belongs to: {@code limit}, {@code matrix}, {@code timeline},
     *     {@code backlog}, {@code curve}
     * @param title its title, which the page shows as its heading
     * @param caption how to read it in one line, or {@code null}
     * @param height its height in pixels (its width is the page's)
     * @param option the ECharts option: its series hold the report's numbers
     */
    public record Chart(String id, String section, String title, String caption, int height, JsonNode option) {
        public Chart {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(option, "option");
        }
    }
}
