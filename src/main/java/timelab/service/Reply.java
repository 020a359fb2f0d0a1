package timelab.service;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import timelab.protocol.ErrorReply;

/**
 * A reply as it goes on the wire, CR LF included, and whether it is an error reply (sixteen consecutive errors
 * close a connection).
 */
public record Reply(byte[] wire, boolean error) {

    public Reply {
        Objects.requireNonNull(wire, "wire");
    }

    /** A normal reply for {@code line} (no CR LF), encoded as UTF-8. */
    public static Reply of(String line) {
        return of(line, "\r\n");
    }

    /** A normal reply of exactly {@code text} followed by {@code end} (CR LF, or nothing), encoded as UTF-8. */
    public static Reply of(String text, String end) {
        return new Reply((text + end).getBytes(StandardCharsets.UTF_8), false);
    }

    /** An error reply. */
    public static Reply of(ErrorReply error) {
        return new Reply(error.wire(), true);
    }

    /** The reply without CR LF, decoded as UTF-8, as the access log writes it. */
    public String text() {
        int end = wire.length;
        if (end >= 2 && wire[end - 2] == '\r' && wire[end - 1] == '\n') {
            end -= 2;
        }
        return new String(wire, 0, end, StandardCharsets.UTF_8);
    }
}
