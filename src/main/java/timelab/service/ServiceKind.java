package timelab.service;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which {@link Service} a server runs: the closed set of services, as {@code --service} names them.
 * {@link Service#of} switches on it in exactly one place; adding a service breaks the build there.
 */
public enum ServiceKind {
    /** {@code TIME} → {@code JAM HH:mm:ss} (the coursework's). */
    TIME("time", false, false),
    /** A line → how often its last character occurs in it, and whether that count is prime. */
    CHARCOUNT("charcount", false, false),
    /** A request → the {@code --reply} template with {@code {msg}} standing for it (default: the request itself). */
    ECHO("echo", true, false),
    /** Speaks first: right after accept the {@code --reply} text (default: the TIME reply), nothing read, close. */
    GREET("greet", true, true);

    private final String label;
    private final boolean takesReply;
    private final boolean speaksFirst;

    ServiceKind(String label, boolean takesReply, boolean speaksFirst) {
        this.label = label;
        this.takesReply = takesReply;
        this.speaksFirst = speaksFirst;
    }

    /** Whether {@code --reply} gives this service's reply text. */
    public boolean takesReply() {
        return takesReply;
    }

    /** Whether the server writes first, right after accept, without reading a request ({@code greet}). */
    public boolean speaksFirst() {
        return speaksFirst;
    }

    /** The name on the command line, in the start-up banner, in logs and in JSON. */
    @JsonValue
    public String label() {
        return label;
    }

    /**
     * The service called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the choices
     */
    @JsonCreator
    public static ServiceKind parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (ServiceKind k : values()) {
            if (k.label.equals(n)) {
                return k;
            }
        }
        List<String> labels = Arrays.stream(values()).map(ServiceKind::label).toList();
        throw new IllegalArgumentException("unknown service '" + name + "' (choose "
                + String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.getLast() + ")");
    }
}
