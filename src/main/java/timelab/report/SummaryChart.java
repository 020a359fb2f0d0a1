package timelab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import timelab.measure.Timeline;

/**
 * The PNG chart of {@code timelab jfr summary}, drawn with JFreeChart: one plot per timeline (a side of a recording),
 * stacked on one time axis, each with connections, platform threads and virtual threads as steps (a value holds
 * until the next point), the legend naming each series' peak. Recordings that ran at the same time (a client and
 * its server) share one clock, so the sides line up; recordings made one after the other each start at 0. Drawn
 * headless.
 */
public final class SummaryChart {

    static final int WIDTH = 1200;
    static final int PLOT_HEIGHT = 300;
    static final int HEADER_HEIGHT = 150;
    static final List<Color> COLOURS = List.of(new Color(0x1f77b4), new Color(0xd95f02), new Color(0x1b9e77));

    private SummaryChart() {}

    /** Draws {@code timelines} into a PNG at {@code file} (replacing it) under {@code title}; returns {@code file}. */
    public static Path write(List<Timeline> timelines, String title, Path file) throws IOException {
        if (timelines.isEmpty()) {
            throw new IllegalArgumentException("nothing to draw");
        }
        System.setProperty("java.awt.headless", "true");
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart(timelines, title), WIDTH,
                HEADER_HEIGHT + PLOT_HEIGHT * timelines.size());
        return file;
    }

    static JFreeChart chart(List<Timeline> timelines, String title) {
        boolean shared = TimelineCharts.sharedClock(timelines);
        Instant origin = timelines.stream().map(Timeline::first).min(Instant::compareTo).orElseThrow();
        NumberAxis time = new NumberAxis(timelines.size() == 1 ? "seconds" : shared
                ? "seconds (one clock: the plots line up in time)" : "seconds since each recording's first event");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(16);
        for (Timeline t : timelines) {
            plot.add(plot(t, shared ? origin : t.first()));
        }
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        for (Timeline t : timelines) {
            TextTitle source = new TextTitle(TimelineCharts.side(t) + ": " + t.source(),
                    new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            chart.addSubtitle(source);
        }
        return chart;
    }

    private static XYPlot plot(Timeline t, Instant origin) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<List<Timeline.Point>> lines = List.of(t.connections(), t.platformThreads(), t.virtualThreads());
        XYStepRenderer renderer = new XYStepRenderer();
        for (int k = 0; k < lines.size(); k++) {
            List<Timeline.Point> points = lines.get(k);
            long peak = points.stream().mapToLong(Timeline.Point::value).max().orElse(0);
            XYSeries s = new XYSeries(TimelineCharts.side(t) + ": " + TimelineCharts.SERIES.get(k)
                    + (points.isEmpty() ? ", no data" : String.format(Locale.ROOT, ", peak %,d", peak)), false, true);
            for (Timeline.Point p : points) {
                s.add(Duration.between(origin, p.time()).toNanos() / 1e9, p.value());
            }
            data.addSeries(s);
            renderer.setSeriesPaint(k, COLOURS.get(k));
            renderer.setSeriesStroke(k, k == 0 ? new BasicStroke(3.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
                    1f, new float[] {9f, 6f}, 0f) : new BasicStroke(2f));
        }
        NumberAxis count = new NumberAxis(TimelineCharts.side(t));
        count.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        count.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, null, count, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
