package timelab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import timelab.measure.Timeline;

/**
 * The chart of {@code timelab jfr summary}: one panel per timeline (a side of a recording), side by side (three to a
 * row), each with connections, platform threads and virtual threads over time. Panels share the y scale so they
 * compare at a glance, and share the time axis when the recordings overlap in time (a client and its server), so the
 * two sides line up; recordings made one after the other each start at 0 instead. Drawn on a {@link Canvas}, written
 * as PNG. Used by the report and by {@code timelab jfr summary}.
 */
public final class SummaryChart {

    static final int PANEL_WIDTH = 620;
    static final int PANEL_HEIGHT = 400;
    static final int COLUMNS = 3;
    private static final int TITLE_HEIGHT = 48;
    private static final int MARGIN = 16;
    static final Color CONNECTIONS = new Color(0x1f77b4);
    static final Color PLATFORM = new Color(0xd95f02);
    static final Color VIRTUAL = new Color(0x1b9e77);
    private static final Color GRID = Canvas.GRID;
    private static final Color TEXT = Canvas.TEXT;

    private SummaryChart() {}

    /** Draws {@code timelines} into a PNG at {@code file} (replacing it) under {@code title}. */
    public static Path write(List<Timeline> timelines, String title, Path file) throws IOException {
        if (timelines.isEmpty()) {
            throw new IllegalArgumentException("nothing to draw");
        }
        return Canvas.writePng(() -> draw(timelines, title), file);
    }

    static BufferedImage draw(List<Timeline> timelines, String title) {
        int n = timelines.size();
        int columns = Math.min(n, COLUMNS);
        int rows = (n + COLUMNS - 1) / COLUMNS;
        int width = 2 * MARGIN + columns * PANEL_WIDTH;
        int height = TITLE_HEIGHT + rows * PANEL_HEIGHT + MARGIN;
        return Canvas.paint(width, height, g -> {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(Canvas.fit(g, title, width - 2 * MARGIN), MARGIN, 30);
            long top = Math.max(1, timelines.stream().mapToLong(Timeline::max).max().orElse(1));
            long yMax = niceCeiling(top + Math.max(1, top / 4)); // headroom: the legend never hides a peak
            Instant origin = timelines.stream().map(Timeline::first).min(Instant::compareTo).orElseThrow();
            Instant end = timelines.stream().map(Timeline::last).max(Instant::compareTo).orElseThrow();
            long longest = timelines.stream().mapToLong(t -> span(t.first(), t.last())).max().orElse(1);
            boolean shared = sharedClock(timelines);
            double xMax = Math.max(1, (shared ? span(origin, end) : longest) / 1000.0);
            for (int i = 0; i < n; i++) {
                Timeline t = timelines.get(i);
                int x = MARGIN + (i % COLUMNS) * PANEL_WIDTH;
                int y = TITLE_HEIGHT + (i / COLUMNS) * PANEL_HEIGHT;
                String xTitle = n == 1 ? "seconds" : shared ? "seconds (one clock: the panels line up in time)"
                        : "seconds since this recording's first sample";
                panel(g, t, x, y, shared ? origin : t.first(), xMax, yMax, xTitle);
            }
        });
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

    private static void panel(Graphics2D g, Timeline t, int x0, int y0, Instant origin, double xMax, long yMax,
            String xTitle) {
        int left = x0 + 64;
        int right = x0 + PANEL_WIDTH - 20;
        int top = y0 + 40;
        int bottom = y0 + PANEL_HEIGHT - 56;
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(TEXT);
        g.drawString(Canvas.fit(g, t.name(), PANEL_WIDTH - 24), x0 + 8, y0 + 20);

        // grid and y ticks
        g.setFont(small);
        FontMetrics fm = g.getFontMetrics();
        long yStep = niceStep(yMax);
        for (long v = 0; v <= yMax; v += yStep) {
            int y = (int) Math.round(bottom - (double) v / yMax * (bottom - top));
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            g.setColor(TEXT);
            String label = String.format("%,d", v);
            g.drawString(label, left - 6 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
        }
        double xStep = niceStep(xMax);
        for (double s = 0; s <= xMax + 1e-9; s += xStep) {
            int x = (int) Math.round(left + s / xMax * (right - left));
            g.setColor(GRID);
            g.drawLine(x, top, x, bottom);
            g.setColor(TEXT);
            String label = xStep >= 1 ? String.format("%d", Math.round(s)) : String.format("%.1f", s);
            g.drawString(label, x - fm.stringWidth(label) / 2, bottom + fm.getAscent() + 4);
        }
        g.setColor(TEXT);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        g.drawString(xTitle, left + (right - left - fm.stringWidth(xTitle)) / 2, bottom + 2 * fm.getHeight() + 4);

        // series: connections dashed and wide underneath, so equal virtual-thread counts stay visible on top
        Stroke dashed = new BasicStroke(4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {9f, 6f},
                0f);
        series(g, t.connections(), origin, xMax, yMax, left, right, top, bottom, CONNECTIONS, dashed);
        series(g, t.platformThreads(), origin, xMax, yMax, left, right, top, bottom, PLATFORM,
                new BasicStroke(2f));
        series(g, t.virtualThreads(), origin, xMax, yMax, left, right, top, bottom, VIRTUAL, new BasicStroke(2f));
        legend(g, t, left + 10, top + 6, dashed);
    }

    /** The legend with each series' peak, its top left corner at ({@code lx}, {@code top}). */
    private static void legend(Graphics2D g, Timeline t, int lx, int top, Stroke dashed) {
        FontMetrics fm = g.getFontMetrics();
        String[] names = {"connections", "platform threads (JVM)", "virtual threads (counted)"};
        List<List<Timeline.Point>> all = List.of(t.connections(), t.platformThreads(), t.virtualThreads());
        Color[] colours = {CONNECTIONS, PLATFORM, VIRTUAL};
        int ly = top;
        for (int i = 0; i < 3; i++) {
            List<Timeline.Point> s = all.get(i);
            String text = names[i] + (s.isEmpty() ? ": no data" : ", peak " + String.format("%,d",
                    s.stream().mapToLong(Timeline.Point::value).max().orElse(0)));
            g.setColor(new Color(255, 255, 255, 220));
            g.fillRect(lx - 4, ly - 2, fm.stringWidth(text) + 40, fm.getHeight() + 2);
            g.setColor(colours[i]);
            g.setStroke(i == 0 ? dashed : new BasicStroke(2f));
            g.drawLine(lx, ly + fm.getHeight() / 2, lx + 26, ly + fm.getHeight() / 2);
            g.setStroke(new BasicStroke(1f));
            g.setColor(TEXT);
            g.drawString(text, lx + 32, ly + fm.getAscent());
            ly += fm.getHeight() + 2;
        }
    }

    private static void series(Graphics2D g, List<Timeline.Point> points, Instant origin, double xMax, long yMax,
            int left, int right, int top, int bottom, Color colour, Stroke stroke) {
        if (points.isEmpty()) {
            return;
        }
        Path2D path = new Path2D.Double();
        boolean started = false;
        double prevY = 0;
        for (Timeline.Point p : points) {
            double x = left + span(origin, p.time()) / 1000.0 / xMax * (right - left);
            double y = bottom - (double) p.value() / yMax * (bottom - top);
            if (!started) {
                path.moveTo(x, y);
                started = true;
            } else {
                path.lineTo(x, prevY); // a step: the value holds until the next sample
                path.lineTo(x, y);
            }
            prevY = y;
        }
        g.setColor(colour);
        g.setStroke(stroke);
        g.draw(path);
        if (points.size() == 1) {
            g.fillOval((int) path.getCurrentPoint().getX() - 3, (int) path.getCurrentPoint().getY() - 3, 6, 6);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static long span(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
    }

    /** {@link Canvas#niceStep}, never below a thousandth. */
    static double niceStep(double max) {
        return Math.max(Canvas.niceStep(max), 1e-3);
    }

    static long niceStep(long max) {
        return Math.max(1, Math.round(niceStep((double) max)));
    }

    /** The smallest multiple of the nice step at or above {@code max}. */
    static long niceCeiling(long max) {
        long step = niceStep(max);
        return Math.max(step, (max + step - 1) / step * step);
    }

}
