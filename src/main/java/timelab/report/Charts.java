package timelab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import timelab.client.ClientRun;
import timelab.client.ClientStrategy;
import timelab.experiment.BacklogRow;
import timelab.experiment.LimitResult;
import timelab.experiment.Run;
import timelab.experiment.ServerUnderTest;
import timelab.measure.JfrSummary;
import timelab.measure.Timeline;

/**
 * Draws a report's charts into its {@code charts/} folder: for the matrix, clients/s and connect p99 by strategy and
 * server model, request latency percentiles per strategy for each server model, peak threads on each side, and
 * threads over time per run from its JFR recordings; the maximum per strategy for limit searches; what each crowd
 * got for the backlog experiment.
 */
final class Charts {

    private Charts() {}

    /** Draws every chart the report's contents call for and returns them, in reading order. */
    static List<Report.Chart> draw(Report report, Path dir) throws IOException {
        List<Report.Chart> charts = new ArrayList<>();
        if (!report.limits().isEmpty()) {
            charts.add(limits(report.limits(), dir));
        }
        for (int clients : new LinkedHashSet<>(report.matrix().stream().map(Run::clients).toList())) {
            List<Run> runs = report.matrix().stream().filter(r -> r.clients() == clients).toList();
            charts.addAll(matrix(runs, clients, dir));
        }
        if (!report.backlog().isEmpty()) {
            charts.add(backlog(report.backlog(), dir));
        }
        for (Run run : report.matrix()) {
            Report.Chart c = timeline(run, dir);
            if (c != null) {
                charts.add(c);
            }
        }
        return charts;
    }

    private static Report.Chart limits(List<LimitResult> limits, Path dir) throws IOException {
        List<String> categories = limits.stream().map(l -> l.strategy().label() + " → " + l.serverModel().label())
                .toList();
        double[][] values = {limits.stream().mapToDouble(LimitResult::maximum).toArray()};
        String file = "charts/limit-maximum.png";
        new BarChart("Most concurrent clients held with zero failures", "clients", categories,
                List.of("maximum (what ran out: see the table)"), values, false).write(dir.resolve(file));
        return new Report.Chart(file, "limit", "Most concurrent clients per strategy");
    }

    private static List<Report.Chart> matrix(List<Run> runs, int clients, Path dir) throws IOException {
        List<ClientStrategy> strategies = List.copyOf(new LinkedHashSet<>(runs.stream().map(Run::strategy).toList()));
        List<ServerUnderTest> models = List.copyOf(new LinkedHashSet<>(runs.stream().map(Run::serverModel).toList()));
        String at = String.format(Locale.ROOT, "%,d clients", clients);
        List<Report.Chart> charts = new ArrayList<>();
        charts.add(grid(runs, strategies, models, Run::clientsPerSecond, false, "clients/s",
                "Clients per second by client strategy and server model, " + at, "matrix-" + clients + "-rate", dir));
        for (ServerUnderTest model : models) {
            charts.add(percentiles(runs.stream().filter(r -> r.serverModel().equals(model)).toList(), strategies,
                    model, at, "matrix-" + clients + "-" + fileName(model.label()) + "-request-latency", dir));
        }
        charts.add(grid(runs, strategies, models, r -> r.connect().p99Ms(), true, "ms (log)",
                "Connect latency p99 by client strategy and server model, " + at, "matrix-" + clients + "-connect-p99",
                dir));
        charts.add(peakThreads(runs.stream().filter(r -> r.client() != null).toList(), strategies, Run::strategy,
                ClientStrategy::label, List.of(r -> r.client().resources().peakPlatformThreads(),
                        r -> r.client().resources().peakVirtualThreads(), r -> r.client().resources().peakOsThreads()),
                "Client: peak threads by strategy (most over the server models), " + at,
                "Client threads by strategy, " + at, "matrix-" + clients + "-client-threads", dir));
        charts.add(peakThreads(runs.stream().filter(r -> r.server() != null).toList(), models, Run::serverModel,
                ServerUnderTest::label, List.of(r -> r.server().peakPlatformThreads(),
                        r -> r.server().peakVirtualThreads(), r -> r.observed().serverPeakOsThreads()),
                "Server: peak threads by model (most over the client strategies), " + at,
                "Server threads by model, " + at, "matrix-" + clients + "-server-threads", dir));
        return charts;
    }

    /**
     * Peak platform, virtual and OS threads per category (a client strategy or a server model), each the most over the
     * runs of that category.
     */
    private static <T> Report.Chart peakThreads(List<Run> runs, List<T> categories, Function<Run, T> category,
            Function<T, String> label, List<ToDoubleFunction<Run>> platformVirtualOs, String title, String caption,
            String name, Path dir) throws IOException {
        double[][] values = new double[platformVirtualOs.size()][categories.size()];
        for (int i = 0; i < categories.size(); i++) {
            T c = categories.get(i);
            List<Run> mine = runs.stream().filter(r -> category.apply(r).equals(c)).toList();
            for (int k = 0; k < platformVirtualOs.size(); k++) {
                values[k][i] = mine.stream().mapToDouble(platformVirtualOs.get(k)).max().orElse(Double.NaN);
            }
        }
        String file = "charts/" + name + ".png";
        new BarChart(title, "threads", categories.stream().map(label).toList(), List.of("platform threads",
                "virtual threads", "OS threads (process)"), values, false).write(dir.resolve(file));
        return new Report.Chart(file, "matrix", caption);
    }

    private static Report.Chart grid(List<Run> runs, List<ClientStrategy> strategies, List<ServerUnderTest> models,
            ToDoubleFunction<Run> value, boolean log, String unit, String title, String name, Path dir)
            throws IOException {
        double[][] values = new double[models.size()][strategies.size()];
        for (int m = 0; m < models.size(); m++) {
            for (int s = 0; s < strategies.size(); s++) {
                ServerUnderTest model = models.get(m);
                ClientStrategy strategy = strategies.get(s);
                values[m][s] = runs.stream().filter(r -> r.serverModel().equals(model)
                        && r.strategy().equals(strategy)).mapToDouble(value).filter(v -> v >= 0).findFirst()
                        .orElse(Double.NaN);
            }
        }
        String file = "charts/" + name + ".png";
        new BarChart(title, unit, labels(strategies), models.stream().map(m -> "server " + m.label()).toList(), values,
                log)
                .write(dir.resolve(file));
        return new Report.Chart(file, "matrix", title);
    }

    /** Request latency p50, p90, p99 and max per strategy against one server model. */
    private static Report.Chart percentiles(List<Run> runs, List<ClientStrategy> strategies, ServerUnderTest model,
            String at, String name, Path dir) throws IOException {
        List<ToDoubleFunction<ClientRun.Latency>> which = List.of(ClientRun.Latency::p50Ms, ClientRun.Latency::p90Ms,
                ClientRun.Latency::p99Ms, ClientRun.Latency::maxMs);
        double[][] values = new double[which.size()][strategies.size()];
        for (int p = 0; p < which.size(); p++) {
            for (int s = 0; s < strategies.size(); s++) {
                ClientStrategy strategy = strategies.get(s);
                ToDoubleFunction<ClientRun.Latency> f = which.get(p);
                values[p][s] = runs.stream().filter(r -> r.strategy().equals(strategy))
                        .mapToDouble(r -> f.applyAsDouble(r.request())).filter(v -> v >= 0).findFirst()
                        .orElse(Double.NaN);
            }
        }
        String title = "Request latency percentiles by client strategy, server " + model.label() + ", " + at;
        String file = "charts/" + name + ".png";
        new BarChart(title, "ms (log)", labels(strategies), List.of("p50", "p90", "p99", "max"), values, true)
                .write(dir.resolve(file));
        return new Report.Chart(file, "matrix", title);
    }

    private static List<String> labels(List<ClientStrategy> strategies) {
        return strategies.stream().map(ClientStrategy::label).toList();
    }

    private static String fileName(String label) {
        return label.replaceAll("[^A-Za-z0-9.-]", "_");
    }

    private static Report.Chart backlog(List<BacklogRow> rows, Path dir) throws IOException {
        List<String> categories = rows.stream().map(r -> String.format(Locale.ROOT, "%s b=%d, %d", r.server().label(),
                r.backlog(), r.clients())).toList();
        double[][] values = {
            rows.stream().mapToDouble(BacklogRow::served).toArray(),
            rows.stream().mapToDouble(BacklogRow::connectTimeouts).toArray(),
            rows.stream().mapToDouble(BacklogRow::neverServed).toArray(),
            rows.stream().mapToDouble(BacklogRow::refused).toArray(),
            rows.stream().mapToDouble(r -> r.readTimeouts() + r.otherFailures()).toArray()};
        String file = "charts/backlog.png";
        new BarChart("What N simultaneous clients got, by server (b = listen backlog)", "clients", categories,
                List.of("served", "connect timeout", "connected, never served", "refused", "other"), values, false)
                .write(dir.resolve(file));
        return new Report.Chart(file, "backlog", "Backlog experiment: outcomes by server and crowd");
    }

    /** Threads and connections over time on both sides of one run, from its JFR files; null without them. */
    private static Report.Chart timeline(Run run, Path dir) throws IOException {
        List<Timeline> timelines = new ArrayList<>();
        for (String jfr : new String[] {run.files().clientJfr(), run.files().serverJfr()}) {
            if (jfr != null && Files.isRegularFile(dir.resolve(jfr))) {
                for (Timeline t : JfrSummary.read(dir.resolve(jfr)).timelines()) {
                    timelines.add(t);
                }
            }
        }
        if (timelines.isEmpty()) {
            return null;
        }
        String name = run.files().clientJfr() != null ? run.files().clientJfr() : run.files().serverJfr();
        String stem = name.substring(name.lastIndexOf('/') + 1).replace("-client.jfr", "").replace("-server.jfr", "");
        String file = "charts/threads-" + stem + ".png";
        String title = String.format(Locale.ROOT, "%s client → %s server, %,d clients: connections and threads over "
                + "time", run.strategy().label(), run.serverModel().label(), run.clients());
        SummaryChart.write(timelines, title, dir.resolve(file));
        return new Report.Chart(file, "timeline", title);
    }
}
