package timelab;

import java.util.List;
import java.util.Map;
import timelab.server.StatusLine;

/**
 * The server's status lines in a process's output, read back through the server's own parser
 * ({@link StatusLine#parse}), so that tests assert on fields, never on the line's text.
 */
public final class StatusLines {

    private static final String FINAL = "final ";

    private StatusLines() {}

    /** Whether {@code line} is a status line (a final one included). */
    public static boolean isStatus(String line) {
        return !StatusLine.parse(line).isEmpty();
    }

    /** The fields of the last status line (a final one included) among {@code lines}; empty when there is none. */
    public static Map<String, String> last(List<String> lines) {
        Map<String, String> last = Map.of();
        for (String line : lines) {
            Map<String, String> fields = StatusLine.parse(line);
            if (!fields.isEmpty()) {
                last = fields;
            }
        }
        return last;
    }

    /** The fields of the final status line, printed at shutdown; an {@link AssertionError} when there is none. */
    public static Map<String, String> atShutdown(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith(FINAL)).map(StatusLine::parse).filter(f -> !f.isEmpty())
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no final status line in:\n" + String.join("\n", lines)));
    }

    /** The value of {@code key} as a number; an {@link AssertionError} naming the fields when it is not one. */
    public static long number(Map<String, String> fields, String key) {
        try {
            return Long.parseLong(fields.get(key));
        } catch (NumberFormatException e) {
            throw new AssertionError("no number '" + key + "' in the status " + fields, e);
        }
    }
}
