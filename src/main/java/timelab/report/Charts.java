package timelab.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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
import timelab.experiment.LimitSearch;
import timelab.experiment.Run;
import timelab.experiment.ServerUnderTest;

/**
 * The charts of {@code report.html}, as ECharts options built from the report's own numbers: the most clients per
 * limit search (a search cut short drawn as the lower bound it is); for each matrix client count, clients/s, request
 * latency percentiles per server model, connect p99 and peak threads on each side; what each crowd got in the backlog
 * experiment; each run's connections and threads over time ({@link TimelineCharts}). Horizontal bars throughout, so
 * long labels such as {@code process:2/platform} read in full at any width.
 */
final class Charts {

    private Charts() {}

    /** Every chart the report's contents call for, in reading order. */
    static List<Report.Chart> of(Report report, Path dir) throws IOException {
        List<Report.Chart> charts = new ArrayList<>();
        if (!report.limits().isEmpty()) {
            charts.add(limits(report.limits()));
        }
        for (int clients : new LinkedHashSet<>(report.matrix().stream().map(Run::clients).toList())) {
            charts.addAll(matrix(report.matrix().stream().filter(r -> r.clients() == clients).toList(), clients));
        }
        if (!report.backlog().isEmpty()) {
            charts.add(backlog(report.backlog()));
        }
        for (Run run : report.matrix()) {
            Report.Chart c = TimelineCharts.of(run, dir);
            if (c != null) {
                charts.add(c);
            }
        }
        return charts;
    }

    /** What a limit search's bar says: the number, and whether it is a maximum or only a lower bound. */
    static String limitLabel(LimitResult l) {
        return switch (l.stop()) {
            case CONVERGED -> String.format(Locale.ROOT, "%,d (maximum)", l.maximum());
            case TIME -> String.format(Locale.ROOT, "≥ %,d, not a limit (cut short by time)", l.maximum());
            case CEILING -> String.format(Locale.ROOT, "≥ %,d, not a limit (stopped at the ceiling)", l.maximum());
        };
    }

    private static Report.Chart limits(List<LimitResult> limits) {
        List<String> categories = limits.stream().map(l -> l.strategy().label() + " → " + l.serverModel().label())
                .toList();
        ObjectNode o = Options.base("timelab-limit", "axis");
        o.set("yAxis", Options.categoryAxis(categories).put("inverse", true));
        o.set("xAxis", Options.valueAxis("concurrent clients held with zero failures", false));
        ArrayNode converged = Options.array();
        ArrayNode cutShort = Options.array();
        for (LimitResult l : limits) {
            boolean max = l.stop() == LimitSearch.Stop.CONVERGED;
            ObjectNode item = Options.object().put("value", l.maximum());
            item.putObject("label").put("formatter", limitLabel(l));
            (max ? converged : cutShort).add(item);
            (max ? cutShort : converged).addNull();
        }
        ArrayNode series = o.putArray("series");
        series.add(labelled(Options.bar("maximum (the search converged)", converged, "limit")));
        ObjectNode bound = labelled(Options.bar("at least (the search was cut short: a lower bound, not a limit)",
                cutShort, "limit"));
        bound.putObject("itemStyle").put("color", "#b0b0b0").putObject("decal").put("symbol", "rect")
                .put("rotation", 0.785).put("color", "rgba(0,0,0,0.25)").put("symbolSize", 1)
                .putArray("dashArrayX").add(1).add(0);
        series.add(bound);
        return new Report.Chart("limit", "limit", "Most concurrent clients per strategy and server", "A grey, hatched "
                + "bar is a search cut short: the server held at least that many, and the limit was not found.",
                Options.barHeight(limits.size()), o);
    }

    /** Labels each bar inside its left end, on a light box, so a long label never runs off the chart. */
    private static ObjectNode labelled(ObjectNode bar) {
        bar.putObject("label").put("show", true).put("position", "insideLeft").put("color", "#222")
                .put("backgroundColor", "rgba(255,255,255,0.85)").put("padding", 3);
        bar.put("barMaxWidth", 28);
        return bar;
    }

    private static List<Report.Chart> matrix(List<Run> runs, int clients) {
        List<ClientStrategy> strategies = List.copyOf(new LinkedHashSet<>(runs.stream().map(Run::strategy).toList()));
        List<ServerUnderTest> models = List.copyOf(new LinkedHashSet<>(runs.stream().map(Run::serverModel).toList()));
        String at = String.format(Locale.ROOT, ", %,d clients", clients);
        String id = "matrix-" + clients;
        List<Report.Chart> charts = new ArrayList<>();
        charts.add(grid(runs, strategies, models, Run::clientsPerSecond, false, "clients/s",
                new Head(id + "-rate", "Clients per second by client strategy and server" + at,
                        "Each bar is one cell of the table: longer is faster.")));
        for (ServerUnderTest model : models) {
            charts.add(percentiles(runs.stream().filter(r -> r.serverModel().equals(model)).toList(), strategies,
                    new Head(id + "-" + idSafe(model.label()) + "-request-latency",
                            "Request latency by client strategy, server " + model.label() + at,
                            "A dot per percentile; log scale: each step of the axis is ten times the last.")));
        }
        charts.add(grid(runs, strategies, models, r -> r.connect().p99Ms(), true, "connect p99, ms (log)",
                new Head(id + "-connect-p99", "Connect latency p99 by client strategy and server"
                        + at, "A dot per server; log scale: each step of the axis is ten times the last.")));
        charts.add(peakThreads(runs.stream().filter(r -> r.client() != null).toList(), strategies, Run::strategy,
                ClientStrategy::label, List.of(r -> r.client().resources().peakPlatformThreads(),
                        r -> r.client().resources().peakVirtualThreads(), r -> r.client().resources().peakOsThreads()),
                new Head(id + "-client-threads", "Client: peak threads by strategy" + at,
                        "The most over the server models, as in the table.")));
        charts.add(peakThreads(runs.stream().filter(r -> r.server() != null).toList(), models, Run::serverModel,
                ServerUnderTest::label, List.of(r -> r.server().peakPlatformThreads(),
                        r -> r.server().peakVirtualThreads(), r -> r.observed().serverPeakOsThreads()),
                new Head(id + "-server-threads", "Server: peak threads by model" + at,
                        "The most over the client strategies, as in the table.")));
        return charts;
    }

    /**
     * Peak platform, virtual and OS threads per category (a client strategy or a server model), each the most over the
     * runs of that category; {@code chart} gives the id, title and caption.
     */
    private static <T> Report.Chart peakThreads(List<Run> runs, List<T> categories, Function<Run, T> category,
            Function<T, String> label, List<ToDoubleFunction<Run>> platformVirtualOs, Head chart) {
        List<String> names = List.of("platform threads", "virtual threads", "OS threads (process)");
        ObjectNode o = Options.base("timelab-" + chart.id(), "axis");
        o.set("yAxis", Options.categoryAxis(categories.stream().map(label).toList()).put("inverse", true));
        o.set("xAxis", Options.valueAxis("threads", false));
        ArrayNode series = o.putArray("series");
        for (int k = 0; k < platformVirtualOs.size(); k++) {
            double[] values = new double[categories.size()];
            for (int i = 0; i < categories.size(); i++) {
                T c = categories.get(i);
                values[i] = runs.stream().filter(r -> category.apply(r).equals(c))
                        .mapToDouble(platformVirtualOs.get(k)).max().orElse(Double.NaN);
            }
            series.add(Options.bar(names.get(k), Options.values(values, false), null));
        }
        return sized(chart, o, categories.size() * names.size());
    }

    /** One value per strategy (the categories) and server model (the series): bars, or dots on a log axis. */
    private static Report.Chart grid(List<Run> runs, List<ClientStrategy> strategies, List<ServerUnderTest> models,
            ToDoubleFunction<Run> value, boolean log, String unit, Head chart) {
        ObjectNode o = Options.base("timelab-" + chart.id(), "axis");
        o.set("yAxis", Options.categoryAxis(labels(strategies)).put("inverse", true));
        o.set("xAxis", Options.valueAxis(unit, log));
        ArrayNode series = o.putArray("series");
        for (ServerUnderTest model : models) {
            double[] values = strategies.stream().mapToDouble(s -> runs.stream().filter(r -> r.serverModel()
                    .equals(model) && r.strategy().equals(s)).mapToDouble(value).filter(v -> v >= 0).findFirst()
                    .orElse(Double.NaN)).toArray();
            String name = "server " + model.label();
            ArrayNode data = Options.values(values, log);
            series.add(log ? Options.dots(name, data, Options.SYMBOLS.get(series.size() % Options.SYMBOLS.size()))
                    : Options.bar(name, data, null));
        }
        if (log) {
            ((ObjectNode) o.get("tooltip")).put("trigger", "item");
            return sized(chart, o, strategies.size() * 2);
        }
        return sized(chart, o, strategies.size() * models.size());
    }

    /** Request latency p50, p90, p99 and max per strategy against one server model: dots on a log axis. */
    private static Report.Chart percentiles(List<Run> runs, List<ClientStrategy> strategies, Head chart) {
        List<String> names = List.of("p50", "p90", "p99", "max");
        List<ToDoubleFunction<ClientRun.Latency>> which = List.of(ClientRun.Latency::p50Ms, ClientRun.Latency::p90Ms,
                ClientRun.Latency::p99Ms, ClientRun.Latency::maxMs);
        ObjectNode o = Options.base("timelab-" + chart.id(), "axis");
        o.set("yAxis", Options.categoryAxis(labels(strategies)).put("inverse", true));
        o.set("xAxis", Options.valueAxis("request latency, ms (log)", true));
        ArrayNode series = o.putArray("series");
        for (int p = 0; p < which.size(); p++) {
            ToDoubleFunction<ClientRun.Latency> f = which.get(p);
            double[] values = strategies.stream().mapToDouble(s -> runs.stream().filter(r -> r.strategy().equals(s))
                    .mapToDouble(r -> f.applyAsDouble(r.request())).filter(v -> v >= 0).findFirst()
                    .orElse(Double.NaN)).toArray();
            series.add(Options.dots(names.get(p), Options.values(values, true), Options.SYMBOLS.get(p)));
        }
        ((ObjectNode) o.get("tooltip")).put("trigger", "item");
        return sized(chart, o, strategies.size() * 2);
    }

    private static Report.Chart backlog(List<BacklogRow> rows) {
        List<String> categories = rows.stream().map(r -> String.format(Locale.ROOT, "%s, backlog %,d, %,d clients",
                r.server().label(), r.backlog(), r.clients())).toList();
        List<String> names = List.of("served", "connect timeout", "connected, never served", "refused", "other");
        List<ToDoubleFunction<BacklogRow>> which = List.of(BacklogRow::served, BacklogRow::connectTimeouts,
                BacklogRow::neverServed, BacklogRow::refused, r -> r.readTimeouts() + r.otherFailures());
        List<String> colours = List.of("#2ca02c", "#ff7f0e", "#9467bd", "#d62728", "#7f7f7f");
        ObjectNode o = Options.base("timelab-backlog", "axis");
        o.set("yAxis", Options.categoryAxis(categories).put("inverse", true));
        o.set("xAxis", Options.valueAxis("clients", false));
        ArrayNode series = o.putArray("series");
        for (int k = 0; k < names.size(); k++) {
            ObjectNode bar = Options.bar(names.get(k), Options.values(rows.stream().mapToDouble(which.get(k))
                    .toArray(), false), "outcome").put("barMaxWidth", 32);
            bar.putObject("itemStyle").put("color", colours.get(k));
            series.add(bar);
        }
        return new Report.Chart("backlog", "backlog", "What each crowd of simultaneous clients got, by server",
                "One bar per row of the table, split by outcome; click an outcome in the legend to hide it.",
                Options.barHeight(rows.size() * 2), o);
    }

    /** A matrix chart's id, title and caption. */
    private record Head(String id, String title, String caption) {}

    private static Report.Chart sized(Head chart, ObjectNode option, int bars) {
        return new Report.Chart(chart.id(), "matrix", chart.title(), chart.caption(), Options.barHeight(bars), option);
    }

    private static List<String> labels(List<ClientStrategy> strategies) {
        return strategies.stream().map(ClientStrategy::label).toList();
    }

    /** Letters, digits, dot and dash: a label as part of an element id. */
    static String idSafe(String label) {
        return label.replaceAll("[^A-Za-z0-9.-]", "_");
    }
}
