package timelab.report;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * What every chart of the report shares ({@link BarChart}, {@link SummaryChart}): a white, antialiased Java2D
 * canvas, the text and grid colours, axis steps of 1, 2 or 5 times a power of ten, text cut to fit, and writing the
 * image as a PNG, headless. Pure functions; no state.
 */
final class Canvas {

    static final Color TEXT = new Color(0x222222);
    static final Color GRID = new Color(0xe3e3e3);

    private Canvas() {}

    /**
     * An image of {@code width} by {@code height}: white, antialiased (shapes and text), the colour set to
     * {@link #TEXT}, then {@code drawing} on it. The graphics are disposed of afterwards.
     */
    static BufferedImage paint(int width, int height, Consumer<Graphics2D> drawing) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(TEXT);
            drawing.accept(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Draws the image (with AWT headless unless the JVM was told otherwise, set before anything is drawn) and writes
     * it as a PNG at {@code file}, replacing it; creates the directories it needs.
     *
     * @return {@code file}
     */
    static Path writePng(Supplier<BufferedImage> draw, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        BufferedImage image = draw.get();
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
        return file;
    }

    /** 1, 2 or 5 times a power of ten, about a fifth of {@code max} (&gt; 0): an axis of about five steps. */
    static double niceStep(double max) {
        double raw = max / 5;
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / pow;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
    }

    /** {@code text} in the current font, cut with an ellipsis to at most {@code width} pixels. */
    static String fit(Graphics2D g, String text, int width) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String s = text;
        while (s.length() > 1 && fm.stringWidth(s + "…") > width) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "…";
    }
}
