package timelab.protocol;

import java.nio.charset.StandardCharsets;
import java.time.LocalTime;

/**
 * The {@code TIME} reply: {@code JAM HH:mm:ss\r\n}, 24-hour, zero-padded, 14 bytes (docs/reference/protocol.md; the
 * coursework's {@code hh} would be the 12-hour clock).
 */
public final class TimeReply {

    /** Length of a reply on the wire, CR LF included. */
    public static final int LENGTH = 14;

    private TimeReply() {}

    /** The reply for the given wall-clock time, CR LF included. */
    public static byte[] encode(LocalTime time) {
        byte[] out = {'J', 'A', 'M', ' ', 0, 0, ':', 0, 0, ':', 0, 0, '\r', '\n'};
        twoDigits(out, 4, time.getHour());
        twoDigits(out, 7, time.getMinute());
        twoDigits(out, 10, time.getSecond());
        return out;
    }

    /**
     * Parses a reply line (without CR LF) into the time it states.
     *
     * @return the time, or {@code null} when the line is not exactly {@code JAM HH:mm:ss} with a valid time
     */
    public static LocalTime parse(String line) {
        if (line.length() != LENGTH - 2 || !line.startsWith("JAM ") || line.charAt(6) != ':' || line.charAt(9) != ':') {
            return null;
        }
        int h = digits(line, 4);
        int m = digits(line, 7);
        int s = digits(line, 10);
        if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) {
            return null;
        }
        return LocalTime.of(h, m, s);
    }

    /** Whether {@code reply}, CR LF included, is a well-formed TIME reply. */
    public static boolean isValid(byte[] reply) {
        return reply.length == LENGTH
                && reply[LENGTH - 2] == '\r'
                && reply[LENGTH - 1] == '\n'
                && parse(new String(reply, 0, LENGTH - 2, StandardCharsets.US_ASCII)) != null;
    }

    private static void twoDigits(byte[] out, int at, int value) {
        out[at] = (byte) ('0' + value / 10);
        out[at + 1] = (byte) ('0' + value % 10);
    }

    private static int digits(String s, int at) {
        char a = s.charAt(at);
        char b = s.charAt(at + 1);
        if (a < '0' || a > '9' || b < '0' || b > '9') {
            return -1;
        }
        return (a - '0') * 10 + (b - '0');
    }
}
