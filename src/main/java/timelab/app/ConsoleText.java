package timelab.app;

import java.util.ArrayList;
import java.util.List;

/**
 * How the console prints prose: every line at most {@link #WIDTH} columns, a long sentence wrapped at spaces with a
 * hanging indent. The one place timelab wraps text for a terminal; tables are laid out to fit by their own columns.
 * The HTML report and the JSON keep the text unwrapped. Pure and thread-safe.
 */
public final class ConsoleText {

    /** The widest line timelab prints on the console. */
    public static final int WIDTH = 120;

    private ConsoleText() {}

    /**
     * {@code text} broken into lines of at most {@code width} columns: the first line as it starts, every further
     * line prefixed with {@code indent}. Breaks at spaces; a word longer than a line (a path, a URL) is kept whole
     * on a line of its own rather than cut. Line breaks already in {@code text} are kept, each piece wrapped alone.
     *
     * @param width the widest line, at least {@code indent.length() + 1}
     * @param indent the prefix of every line after the first (the hanging indent)
     */
    public static List<String> wrap(String text, int width, String indent) {
        if (width <= indent.length()) {
            throw new IllegalArgumentException("width " + width + " leaves no room after an indent of "
                    + indent.length());
        }
        List<String> lines = new ArrayList<>();
        for (String piece : text.split("\n", -1)) {
            wrapOne(piece, width, indent, lines);
        }
        return List.copyOf(lines);
    }

    /**
     * {@code line} wrapped at {@link #WIDTH} with a hanging indent two columns deeper than the line's own leading
     * spaces, joined with {@code \n} (no trailing newline): for a line built by formatting, e.g. a verdict after
     * "  single, 10 clients: ".
     */
    public static String fit(String line) {
        int lead = 0;
        while (lead < line.length() && line.charAt(lead) == ' ') {
            lead++;
        }
        return String.join("\n", wrap(line, WIDTH, " ".repeat(Math.min(lead + 2, WIDTH / 2))));
    }

    private static void wrapOne(String text, int width, String indent, List<String> lines) {
        String rest = text.stripTrailing();
        String prefix = "";
        while (prefix.length() + rest.length() > width) {
            int room = width - prefix.length();
            int cut = rest.lastIndexOf(' ', room);
            while (cut > 0 && rest.charAt(cut - 1) == ' ') {
                cut--;
            }
            if (cut <= leadingSpaces(rest)) {
                cut = rest.indexOf(' ', leadingSpaces(rest)); // a word longer than the room: kept whole
                if (cut < 0) {
                    break;
                }
            }
            lines.add(prefix + rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
            prefix = indent;
        }
        lines.add(prefix + rest);
    }

    private static int leadingSpaces(String s) {
        int n = 0;
        while (n < s.length() && s.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
