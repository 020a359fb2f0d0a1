package timelab.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A grouped bar chart as PNG (on a {@link Canvas}): one group per category, one bar per series, each bar labelled with
 * its value; a logarithmic axis for values spanning decades (latencies). Missing values ({@code NaN}) leave a gap.
 *
 * @param title the chart's title
 * @param unit the y axis' unit
 * @param categories the groups along the x axis
 * @param series the bars in each group (the legend)
 * @param values {@code values[series][category]}
 * @param log whether the y axis is logarithmic
 */
record BarChart(String title, String unit, List<String> categories, List<String> series, double[][] values,
        boolean log) {

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd95f02), new Color(0x1b9e77),
        new Color(0x7570b3), new Color(0xe7298a), new Color(0x66a61e), new Color(0xe6ab02), new Color(0x666666)};
    private static final Color TEXT = Canvas.TEXT;
    private static final Color GRID = Canvas.GRID;

    BarChart {
        Objects.requireNonNull(title, "title");
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        if (values.length != series.size()) {
            throw new IllegalArgumentException("one row of values per series");
        }
        for (double[] row : values) {
            if (row.length != categories.size()) {
                throw new IllegalArgumentException("one value per category in every series");
            }
        }
    }

    /** Draws the chart into a PNG at {@code file}. */
    void write(Path file) throws IOException {
        Canvas.writePng(this::draw, file);
    }

    BufferedImage draw() {
        int groupWidth = Math.max(90, series.size() * 26 + 24);
        int width = Math.max(640, 110 + categories.size() * groupWidth + 40);
        int legendRows = (series.size() + 3) / 4;
        int height = 440 + legendRows * 18;
        return Canvas.paint(width, height, g -> {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, 16, 26);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            Plot plot = new Plot(90, width - 30, 50 + legendRows * 18, height - 70);
            legend(g, plot);
            Axis axis = axis();
            yAxis(g, plot, axis);
            bars(g, plot, axis);
        });
    }

    /** Where the bars go, in pixels. */
    private record Plot(int left, int right, int top, int bottom) {}

    private void legend(Graphics2D g, Plot p) {
        for (int s = 0; s < series.size(); s++) {
            int lx = p.left() + (s % 4) * ((p.right() - p.left()) / 4);
            int ly = 38 + (s / 4) * 18;
            g.setColor(PALETTE[s % PALETTE.length]);
            g.fillRect(lx, ly, 12, 12);
            g.setColor(TEXT);
            g.drawString(series.get(s), lx + 18, ly + 11);
        }
    }

    /** The y axis over every value drawn: log from the smallest positive one, or linear from 0 with headroom. */
    private Axis axis() {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (double[] row : values) {
            for (double v : row) {
                if (!Double.isNaN(v) && v > 0) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        return log ? Axis.log(min == Double.MAX_VALUE ? 1 : min, Math.max(max, 1e-9))
                : Axis.linear(Math.max(max * 1.15, 1e-9));
    }

    private void yAxis(Graphics2D g, Plot p, Axis axis) {
        FontMetrics fm = g.getFontMetrics();
        for (double tick : axis.ticks()) {
            int y = (int) Math.round(p.bottom() - axis.fraction(tick) * (p.bottom() - p.top()));
            g.setColor(GRID);
            g.drawLine(p.left(), y, p.right(), y);
            g.setColor(TEXT);
            String label = number(tick);
            g.drawString(label, p.left() - 6 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
        }
        g.drawLine(p.left(), p.bottom(), p.right(), p.bottom());
        g.drawLine(p.left(), p.top(), p.left(), p.bottom());
        AffineLabel.vertical(g, unit, 18, (p.top() + p.bottom()) / 2);
    }

    private void bars(Graphics2D g, Plot p, Axis axis) {
        FontMetrics fm = g.getFontMetrics();
        int slot = (p.right() - p.left()) / Math.max(1, categories.size());
        int bar = Math.max(4, Math.min(24, (slot - 16) / Math.max(1, series.size())));
        for (int c = 0; c < categories.size(); c++) {
            int gx = p.left() + c * slot + (slot - bar * series.size()) / 2;
            for (int s = 0; s < series.size(); s++) {
                double v = values[s][c];
                if (Double.isNaN(v)) {
                    continue;
                }
                double f = v <= 0 ? 0 : axis.fraction(v);
                int h = (int) Math.round(f * (p.bottom() - p.top()));
                int x = gx + s * bar;
                g.setColor(PALETTE[s % PALETTE.length]);
                g.fillRect(x, p.bottom() - h, bar - 2, h);
                g.setColor(TEXT);
                AffineLabel.vertical(g, number(v), x + bar / 2 + 3, p.bottom() - h - 4 - fm.stringWidth(number(v)) / 2);
            }
            String cat = categories.get(c);
            while (cat.length() > 1 && fm.stringWidth(cat) > slot - 4) {
                cat = cat.substring(0, cat.length() - 2) + "…";
            }
            g.drawString(cat, p.left() + c * slot + (slot - fm.stringWidth(cat)) / 2, p.bottom() + fm.getAscent() + 6);
        }
    }

    static String number(double v) {
        if (v >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return v >= 1 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2g", v);
    }

    /** A y axis: where a value sits (0 at the bottom, 1 at the top) and its ticks. */
    private record Axis(double lo, double hi, boolean log) {
        static Axis linear(double max) {
            double step = step(max);
            return new Axis(0, Math.ceil(max / step) * step, false);
        }

        static Axis log(double min, double max) {
            return new Axis(Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max) + 0.2)),
                    true);
        }

        double fraction(double v) {
            if (log) {
                double f = (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
                return Math.max(0.02, Math.min(1, f));
            }
            return Math.min(1, v / hi);
        }

        List<Double> ticks() {
            List<Double> t = new ArrayList<>();
            if (log) {
                for (double v = lo; v <= hi * 1.0001; v *= 10) {
                    t.add(v);
                }
            } else {
                double step = step(hi);
                for (double v = 0; v <= hi + step / 1000; v += step) {
                    t.add(v);
                }
            }
            return t;
        }

        private static double step(double max) {
            return Canvas.niceStep(max);
        }
    }

    /** Text turned a quarter to the left, centred on a point. */
    private static final class AffineLabel {
        static void vertical(Graphics2D g, String text, int x, int centreY) {
            AffineTransform saved = g.getTransform();
            FontMetrics fm = g.getFontMetrics();
            g.translate(x, centreY + fm.stringWidth(text) / 2.0);
            g.rotate(-Math.PI / 2);
            g.drawString(text, 0, 0);
            g.setTransform(saved);
        }
    }
}
