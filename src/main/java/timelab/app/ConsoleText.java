package timelab.app;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the console prints prose: every line at most {@link #WIDTH} columns, a long sentence wrapped at spaces with a
 * hanging indent. The one place timelab wraps text for a terminal; tables are laid out to fit by their own columns.
 * The HTML report and the JSON keep the text unwrapped. Pure and thread-safe.
 */
public final class ConsoleText {

    /** The widest line timelab prints on the console. */
    public static final int WIDTH = 120;

    /**
     * A labelled row: leading spaces, a label of one to four words with single spaces between, two or more spaces, a
     * value.
     */
    private static final Pattern LABELLED = Pattern.compile("( *\\S+(?: \\S+){0,3} {2,})\\S");

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
     * {@code line} wrapped at {@link #WIDTH}, joined with {@code \n} (no trailing newline): for a line built by
     * formatting. The hanging indent lines the continuation up under the value of a labelled row (a label, two or
     * more spaces, the value: {@code "  connections       200 served, ..."}); any other line continues two columns
     * deeper than its own leading spaces (a verdict after {@code "  single, 10 clients: "}).
     */
    public static String fit(String line) {
        if (line.length() <= WIDTH) {
            return line;
        }
        Matcher labelled = LABELLED.matcher(line);
        int indent = labelled.lookingAt() && labelled.end(1) <= WIDTH / 3 ? labelled.end(1) : leadingSpaces(line) + 2;
        return String.join("\n", wrap(line, WIDTH, " ".repeat(Math.min(indent, WIDTH / 3))));
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
