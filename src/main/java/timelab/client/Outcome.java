package timelab.client;

import java.util.Objects;

/** How one client's connection ended: all its requests answered correctly, or a failure of one kind. */
public sealed interface Outcome {

    /** Every request got the right reply. */
    record Ok() implements Outcome {}

    /**
     * The connection failed.
     *
     * @param kind what went wrong, in the taxonomy
     * @param rawMessage what was actually seen: the exception's class and message, or the reply that was wrong
     */
    record Failed(FailureKind kind, String rawMessage) implements Outcome {
        public Failed {
            Objects.requireNonNull(kind, "kind");
            rawMessage = rawMessage == null ? "" : rawMessage;
        }
    }

    Outcome OK = new Ok();
}
