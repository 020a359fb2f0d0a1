package timelab.service;

import java.util.Objects;

/**
 * The text of an {@code echo} or {@code greet} reply ({@code --reply}), its escapes already resolved:
 * {@value #MSG} stands for the request.
 *
 * @param text the reply's text; {@value #MSG} in it is replaced by the request when a reply is made
 */
public record ReplyTemplate(String text) {

    /** What stands for the request in a template. */
    public static final String MSG = "{msg}";
    /** The template of {@code echo} without {@code --reply}: the request itself. */
    static final ReplyTemplate ECHO = new ReplyTemplate(MSG);

    public ReplyTemplate {
        Objects.requireNonNull(text, "text");
    }

    /**
     * The template {@code spec} as typed on a command line: {@code \n}, {@code \r}, {@code \t} and {@code \\} stand
     * for LF, CR, tab and a backslash (so the asyncio server's {@code 'OK - recebido: {msg}\n'} can be written as it
     * is in its source).
     *
     * @throws IllegalArgumentException on any other backslash, naming it
     */
    public static ReplyTemplate parse(String spec) {
        StringBuilder b = new StringBuilder(spec.length());
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = i + 1 < spec.length() ? spec.charAt(++i) : ' ';
            b.append(switch (e) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case '\\' -> '\\';
                default -> throw new IllegalArgumentException("reply '" + spec + "': unknown escape '\\" + e
                        + "' (use \\n, \\r, \\t or \\\\)");
            });
        }
        return new ReplyTemplate(b.toString());
    }

    /** The text with every {@value #MSG} replaced by {@code msg} (which is not scanned for it in turn). */
    public String fill(String msg) {
        return text.replace(MSG, msg);
    }
}
