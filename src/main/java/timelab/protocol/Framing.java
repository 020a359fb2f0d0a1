package timelab.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a server cuts its input into requests ({@code timelab server --framing}): the closed set.
 */
public enum Framing {
    /** A request is a line ending in LF (CR LF accepted): docs/reference/protocol.md, the default. */
    LINE("line", "\r\n"),
    /**
     * A request is whatever one read returns, up to 1024 bytes, no newline needed: the {@code recv(1024)} of the
     * coursework's Python servers.
     */
    CHUNK("chunk", "");

    private final String label;
    private final String replyEnd;

    Framing(String label, String replyEnd) {
        this.label = label;
        this.replyEnd = replyEnd;
    }

    /**
     * What ends a reply whose text the user gave ({@code --reply}): CR LF for lines, nothing for chunks, whose
     * clients (the coursework's) print exactly what they receive.
     */
    public String replyEnd() {
        return replyEnd;
    }

    /** The name on the command line and in JSON. */
    @JsonValue
    public String label() {
        return label;
    }

    /**
     * The framing called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the choices
     */
    @JsonCreator
    public static Framing parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Framing f : values()) {
            if (f.label.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown framing '" + name + "' (choose line or chunk)");
    }
}
