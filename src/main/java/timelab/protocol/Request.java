package timelab.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One framed line, classified the way every service sees it (docs/reference/protocol.md, "Requests").
 *
 * <p>Each request keeps the line exactly as received, without its LF and the one CR before it, so that the access
 * log and the {@code charcount} service see the client's bytes. Classification ignores trailing spaces and tabs and
 * matches the command word ASCII-case-insensitively.
 */
public sealed interface Request {

    /** The line as received, without the terminator (for {@link TooLong}: the first {@code maxLine} bytes). */
    byte[] raw();

    /** An empty line, or one of spaces and tabs only: no reply. */
    record Blank(byte[] raw) implements Request {}

    /** {@code QUIT}: no reply, the server closes the connection. */
    record Quit(byte[] raw) implements Request {}

    /** A line longer than the limit: {@code ERROR line too long}, then close. */
    record TooLong(byte[] raw) implements Request {}

    /** A request a service answers. */
    sealed interface Command extends Request {}

    /** {@code TIME}. */
    record Time(byte[] raw) implements Command {}

    /** Any other non-blank line. */
    record Text(byte[] raw) implements Command {}

    /**
     * Classifies a complete line.
     *
     * @param line the bytes of the line without LF and without the CR before it; not retained
     */
    static Request of(byte[] line, int length) {
        byte[] raw = java.util.Arrays.copyOf(line, length);
        int end = length;
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        if (end == 0) {
            return new Blank(raw);
        }
        if (end == 4) {
            if (asciiEqualsIgnoreCase(line, "TIME")) {
                return new Time(raw);
            }
            if (asciiEqualsIgnoreCase(line, "QUIT")) {
                return new Quit(raw);
            }
        }
        return new Text(raw);
    }

    /** The line decoded as UTF-8, malformed bytes replaced by U+FFFD (never throws). */
    default String text() {
        return new String(raw(), StandardCharsets.UTF_8);
    }

    private static boolean asciiEqualsIgnoreCase(byte[] line, String word) {
        for (int i = 0; i < word.length(); i++) {
            int b = line[i];
            if (b >= 'a' && b <= 'z') {
                b -= 'a' - 'A';
            }
            if (b != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
