package timelab.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a client's connection talks ({@link LoadPlan.Exchange#service()}): the closed set of services the client
 * knows, as {@code --service} names them. A wider set than the server's: {@code line} talks to any line server
 * (Redis, …). {@link ReplyCheck#of} switches on it in exactly one place; adding one breaks the build there.
 * Jackson writes and reads it as its label, so the client's JSON ({@code plan.exchange.service}) is unchanged.
 */
public enum ExchangeKind {
    /** {@code TIME} → {@code JAM HH:mm:ss}. */
    TIME("time"),
    /** A message → {@code <n> <sí|no>}, checked exactly. */
    CHARCOUNT("charcount"),
    /** Any line server: the reply must start with the expected prefix. */
    LINE("line");

    private final String label;

    ExchangeKind(String label) {
        this.label = label;
    }

    /** The name on the command line and in the JSON. */
    @JsonValue
    public String label() {
        return label;
    }

    /**
     * The kind called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException "unknown service 'name' (choose time, charcount or line)"
     */
    @JsonCreator
    public static ExchangeKind parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (ExchangeKind k : values()) {
            if (k.label.equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown service '" + name + "' (choose time, charcount or line)");
    }
}
