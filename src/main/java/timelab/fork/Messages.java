package timelab.fork;

import java.util.Optional;
import timelab.client.ClientJson;

/**
 * The codec of the channel between a parent and a child JVM: one {@link Message} per line, JSON (the client's one
 * Jackson set-up: records as they are, durations ISO-8601, {@code null}s left out). A child's spec — a record of its
 * own type — is the first line of its standard input, the same JSON. Pure.
 */
public final class Messages {

    /** How every message line starts; a line that does not is output, not a message. */
    static final String START = "{\"message\":";

    private Messages() {}

    /** One line, without the line break. */
    public static String encode(Message m) {
        return ClientJson.write(m, false);
    }

    /**
     * The message on {@code line}, or empty when it is not one (JVM output, a crash, a line cut short): such a line
     * belongs in the tail, it never stops the reader.
     */
    public static Optional<Message> decode(String line) {
        if (!looksLikeMessage(line)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(line));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code line} starts as a message does (it may still be cut short or invalid). */
    static boolean looksLikeMessage(String line) {
        return line.startsWith(START);
    }

    /**
     * The message on a line that {@link #looksLikeMessage}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static Message parse(String line) {
        return ClientJson.read(line, Message.class);
    }

    /** A spec as its line. */
    public static String writeSpec(Object spec) {
        return ClientJson.write(spec, false);
    }

    /**
     * Reads a spec line.
     *
     * @throws IllegalArgumentException saying what is wrong (including the record's own validation message)
     */
    public static <T> T readSpec(String line, Class<T> type) {
        if (line == null) {
            throw new IllegalArgumentException("no spec: standard input ended before the first line");
        }
        return ClientJson.read(line, type);
    }
}
