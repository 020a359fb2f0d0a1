package timelab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An x–y line chart as PNG (on a {@link Canvas}): one line of points per series, solid with a dot per point, or
 * dashed for a line drawn from a law (a prediction); either axis linear from 0 or logarithmic. Points with a value
 * that cannot be drawn ({@code NaN}, or ≤ 0 on a log axis) are left out.
 *
 * @param title the chart's title
 * @param xUnit the x axis' unit
 * @param yUnit the y axis' unit
 * @param series the lines, in legend order
 * @param logX whether the x axis is logarithmic
 * @param logY whether the y axis is logarithmic
 */
record LineChart(String title, String xUnit, String yUnit, List<Series> series, boolean logX, boolean logY) {

    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd95f02), new Color(0x1b9e77),
        new Color(0x7570b3), new Color(0xe7298a), new Color(0x66a61e), new Color(0xe6ab02), new Color(0x666666)};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    LineChart {
        Objects.requireNonNull(title, "title");
        series = List.copyOf(series);
    }

    /**
     * One line.
     *
     * @param name its legend
     * @param colour an index into the palette (a model keeps its colour across charts)
     * @param dashed a line from a law rather than from measurements
     */
    record Series(String name, int colour, boolean dashed, double[] xs, double[] ys) {
        Series {
            Objects.requireNonNull(name, "name");
            if (xs.length != ys.length) {
                throw new IllegalArgumentException("one y per x");
            }
            xs = xs.clone();
            ys = ys.clone();
        }
    }

    /** Draws the chart into a PNG at {@code file}. */
    void write(Path file) throws IOException {
        Canvas.writePng(this::draw, file);
    }

    BufferedImage draw() {
        int legendRows = (series.size() + 2) / 3;
        return Canvas.paint(WIDTH, HEIGHT + legendRows * 18, g -> {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, 16, 26);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            int top = 50 + legendRows * 18;
            Axis x = axis(true);
            Axis y = axis(false);
            Plot p = new Plot(90, WIDTH - 30, top, HEIGHT + legendRows * 18 - 60, x, y);
            legend(g);
            grid(g, p);
            for (Series s : series) {
                line(g, p, s);
            }
        });
    }

    /** Where the points go, in pixels. */
    private record Plot(int left, int right, int top, int bottom, Axis x, Axis y) {
        int px(double v) {
            return (int) Math.round(left + x.fraction(v) * (right - left));
        }

        int py(double v) {
            return (int) Math.round(bottom - y.fraction(v) * (bottom - top));
        }
    }

    private void legend(Graphics2D g) {
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            int lx = 90 + (i % 3) * 270;
            int ly = 44 + (i / 3) * 18;
            g.setColor(PALETTE[s.colour() % PALETTE.length]);
            Stroke saved = g.getStroke();
            g.setStroke(stroke(s.dashed()));
            g.drawLine(lx, ly, lx + 24, ly);
            g.setStroke(saved);
            g.setColor(Canvas.TEXT);
            g.drawString(Canvas.fit(g, s.name(), 236), lx + 30, ly + 4);
        }
    }

    private void grid(Graphics2D g, Plot p) {
        FontMetrics fm = g.getFontMetrics();
        for (double t : p.y().ticks()) {
            int y = p.py(t);
            g.setColor(Canvas.GRID);
            g.drawLine(p.left(), y, p.right(), y);
            g.setColor(Canvas.TEXT);
            String label = BarChart.number(t);
            g.drawString(label, p.left() - 6 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
        }
        for (double t : p.x().ticks()) {
            int x = p.px(t);
            g.setColor(Canvas.GRID);
            g.drawLine(x, p.top(), x, p.bottom());
            g.setColor(Canvas.TEXT);
            String label = BarChart.number(t);
            g.drawString(label, x - fm.stringWidth(label) / 2, p.bottom() + fm.getAscent() + 4);
        }
        g.drawLine(p.left(), p.bottom(), p.right(), p.bottom());
        g.drawLine(p.left(), p.top(), p.left(), p.bottom());
        g.drawString(xUnit, (p.left() + p.right() - fm.stringWidth(xUnit)) / 2, p.bottom() + 2 * fm.getHeight() + 6);
        AffineTransform saved = g.getTransform();
        g.translate(18, (p.top() + p.bottom()) / 2.0 + fm.stringWidth(yUnit) / 2.0);
        g.rotate(-Math.PI / 2);
        g.drawString(yUnit, 0, 0);
        g.setTransform(saved);
    }

    private void line(Graphics2D g, Plot p, Series s) {
        g.setColor(PALETTE[s.colour() % PALETTE.length]);
        Stroke saved = g.getStroke();
        g.setStroke(stroke(s.dashed()));
        int lastX = Integer.MIN_VALUE;
        int lastY = 0;
        for (int i = 0; i < s.xs().length; i++) {
            if (!drawable(s.xs()[i], logX) || !drawable(s.ys()[i], logY)) {
                continue;
            }
            int x = p.px(s.xs()[i]);
            int y = p.py(s.ys()[i]);
            if (lastX != Integer.MIN_VALUE) {
                g.drawLine(lastX, lastY, x, y);
            }
            if (!s.dashed()) {
                g.fillOval(x - 3, y - 3, 7, 7);
            }
            lastX = x;
            lastY = y;
        }
        g.setStroke(saved);
    }

    private static Stroke stroke(boolean dashed) {
        return dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f)
                : new BasicStroke(2f);
    }

    private static boolean drawable(double v, boolean log) {
        return !Double.isNaN(v) && !Double.isInfinite(v) && (!log || v > 0) && v >= 0;
    }

    /** The x or y axis over every drawable value of every series. */
    private Axis axis(boolean isX) {
        boolean log = isX ? logX : logY;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Series s : series) {
            for (double v : isX ? s.xs() : s.ys()) {
                if (drawable(v, log)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (log) {
            return Axis.log(min == Double.MAX_VALUE ? 1 : min, Math.max(max, min == Double.MAX_VALUE ? 10 : min));
        }
        return Axis.linear(Math.max(max * (isX ? 1.02 : 1.1), 1e-9));
    }

    /** An axis: where a value sits (0 at the start, 1 at the end) and its ticks. */
    private record Axis(double lo, double hi, boolean log) {
        static Axis linear(double max) {
            double step = Canvas.niceStep(max);
            return new Axis(0, Math.ceil(max / step) * step, false);
        }

        static Axis log(double min, double max) {
            double lo = Math.pow(10, Math.floor(Math.log10(min)));
            double hi = Math.pow(10, Math.ceil(Math.log10(max)));
            return new Axis(lo, hi > lo ? hi : lo * 10, true);
        }

        double fraction(double v) {
            double f = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : v / hi;
            return Math.max(0, Math.min(1, f));
        }

        List<Double> ticks() {
            List<Double> t = new ArrayList<>();
            if (log) {
                for (double v = lo; v <= hi * 1.0001; v *= 10) {
                    t.add(v);
                }
            } else {
                double step = Canvas.niceStep(hi);
                for (double v = 0; v <= hi + step / 1000; v += step) {
                    t.add(v);
                }
            }
            return t;
        }
    }
}
