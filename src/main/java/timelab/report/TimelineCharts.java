package timelab.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import timelab.experiment.Run;
import timelab.measure.JfrSummary;
import timelab.measure.Timeline;

/**
 * A run's connections and threads over time, one grid per side (client above, server below) on one clock, from the
 * run's JFR recordings: the series come from the recordings' events where they have them, so their peaks are the
 * peaks the table shows; what is only sampled says so in the caption ({@link Timeline#source()}).
 */
final class TimelineCharts {

    static final List<String> SERIES = List.of("connections", "platform threads", "virtual threads");
    private static final List<String> COLOURS = List.of("#1f77b4", "#d95f02", "#1b9e77");
    private static final int GRID_HEIGHT = 190;
    private static final int GRID_GAP = 64;
    private static final int TOP = 48;

    private TimelineCharts() {}

    /** The chart of {@code run}, or null when it has no recording in {@code dir}. */
    static Report.Chart of(Run run, Path dir) throws IOException {
        List<Timeline> timelines = new ArrayList<>();
        for (String jfr : new String[] {run.files().clientJfr(), run.files().serverJfr()}) {
            if (jfr != null && Files.isRegularFile(dir.resolve(jfr))) {
                timelines.addAll(JfrSummary.read(dir.resolve(jfr)).timelines());
            }
        }
        if (timelines.isEmpty()) {
            return null;
        }
        String name = run.files().clientJfr() != null ? run.files().clientJfr() : run.files().serverJfr();
        String stem = name.substring(name.lastIndexOf('/') + 1).replace("-client.jfr", "").replace("-server.jfr", "");
        String title = String.format(Locale.ROOT, "%s client → %s server, %,d clients", run.strategy().label(),
                run.serverModel().label(), run.clients());
        List<String> sources = timelines.stream().map(t -> side(t) + ": " + t.source()).toList();
        int height = TOP + timelines.size() * (GRID_HEIGHT + GRID_GAP) + 30;
        return new Report.Chart("timeline-" + Charts.idSafe(stem), "timeline", title,
                "Pins mark each line's peak; scroll or drag the slider to zoom. " + String.join(". ", sources) + ".",
                height, option(timelines, "timelab-threads-" + stem));
    }

    /** The option: one grid per timeline, their x axes zoomed together. */
    static ObjectNode option(List<Timeline> timelines, String imageName) {
        ObjectNode o = Options.base(imageName, "axis");
        ((ObjectNode) o.get("tooltip")).putObject("axisPointer").put("type", "line");
        o.putObject("axisPointer").putArray("link").addObject().put("xAxisIndex", "all");
        Instant origin = timelines.stream().map(Timeline::first).min(Instant::compareTo).orElseThrow();
        boolean shared = sharedClock(timelines);
        // one extent for every x axis, so that the grids line up and zoom together
        double end = Math.ceil(timelines.stream().mapToLong(t -> Duration.between(shared ? origin : t.first(),
                t.last()).toMillis()).max().orElse(0) / 100.0) / 10.0;
        ArrayNode grids = o.putArray("grid");
        ArrayNode xAxes = o.putArray("xAxis");
        ArrayNode yAxes = o.putArray("yAxis");
        ArrayNode titles = o.putArray("title");
        ArrayNode series = o.putArray("series");
        int[] indexes = new int[timelines.size()];
        for (int i = 0; i < timelines.size(); i++) {
            Timeline t = timelines.get(i);
            int top = TOP + i * (GRID_HEIGHT + GRID_GAP);
            grids.add(Options.grid(top, 0).put("height", GRID_HEIGHT).without("bottom"));
            titles.addObject().put("text", side(t)).put("left", 8).put("top", top - 22).putObject("textStyle")
                    .put("fontSize", 13);
            xAxes.add(Options.valueAxis(shared ? "seconds since the run's first event"
                    : "seconds since this recording's first event", false).put("gridIndex", i).put("max", end)
                    .set("axisLabel", Options.object().put("showMinLabel", false)));
            yAxes.add(Options.valueAxis("", false).put("gridIndex", i).put("minInterval", 1));
            List<List<Timeline.Point>> lines = List.of(t.connections(), t.platformThreads(), t.virtualThreads());
            Instant start = shared ? origin : t.first();
            for (int k = 0; k < SERIES.size(); k++) {
                if (!lines.get(k).isEmpty()) {
                    series.add(line(SERIES.get(k), COLOURS.get(k), k == 0, lines.get(k), start, i));
                }
            }
            indexes[i] = i;
        }
        Options.zoom(o, 4, indexes);
        focus(o, timelines, shared, origin);
        return o;
    }

    /**
     * Opens zoomed in on the client's run when the sides share a clock: the server's JVM starts seconds earlier, and
     * that idle stretch would squeeze the run into a corner (the slider shows it all).
     */
    private static void focus(ObjectNode option, List<Timeline> timelines, boolean shared, Instant origin) {
        if (!shared) {
            return;
        }
        timelines.stream().filter(t -> side(t).startsWith("client")).map(Timeline::first).min(Instant::compareTo)
                .ifPresent(client -> {
                    double from = Math.max(0, Duration.between(origin, client).toMillis() - 200) / 1000.0;
                    option.get("dataZoom").forEach(z -> ((ObjectNode) z).put("startValue", from));
                });
    }

    private static ObjectNode line(String name, String colour, boolean dashed, List<Timeline.Point> points,
            Instant origin, int axis) {
        ObjectNode s = Options.object().put("type", "line").put("name", name).put("step", "end")
                .put("showSymbol", false).put("xAxisIndex", axis).put("yAxisIndex", axis);
        s.putObject("lineStyle").put("width", dashed ? 3 : 2).put("type", dashed ? "dashed" : "solid")
                .put("color", colour);
        s.putObject("itemStyle").put("color", colour);
        s.putObject("markPoint").put("symbolSize", 38).putArray("data").addObject().put("type", "max")
                .put("name", "peak");
        ArrayNode data = s.putArray("data");
        for (Timeline.Point p : points) {
            data.addArray().add(Math.round(Duration.between(origin, p.time()).toNanos() / 1e3) / 1e6)
                    .add(p.value());
        }
        return s;
    }

    /** The side and what it ran, e.g. {@code server · virtual}, from the timeline's name. */
    static String side(Timeline t) {
        int dash = t.name().indexOf(" — ");
        return dash < 0 ? t.name() : t.name().substring(0, dash);
    }

    /**
     * One clock only for recordings that ran at the same time (a client and its server); recordings made one after
     * the other each start at 0, so they compare side by side instead of sitting apart.
     */
    static boolean sharedClock(List<Timeline> timelines) {
        Instant latestFirst = timelines.stream().map(Timeline::first).max(Instant::compareTo).orElseThrow();
        Instant earliestLast = timelines.stream().map(Timeline::last).min(Instant::compareTo).orElseThrow();
        return latestFirst.isBefore(earliestLast);
    }
}
