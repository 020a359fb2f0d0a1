package timelab.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import timelab.protocol.Request;
import timelab.service.Reply;

/**
 * One access-log line, as bytes (docs/reference/access-log.md): pure functions, no I/O.
 *
 * <pre>{@code <timestamp>\t<client ip>:<port>\t<request>\t<reply without CR LF>\t<model>\n}</pre>
 *
 * <p>The timestamp is ISO-8601 with milliseconds and the zone's offset ({@code 2025-03-01T14:03:09.123+07:00}).
 * The request (and the reply) is escaped so that a line always holds exactly one request and is valid UTF-8:
 * <ul>
 *   <li>{@code \t}, {@code \n}, {@code \r} and {@code \\} for TAB, LF, CR and the backslash;</li>
 *   <li>{@code \xNN} (two lower-case hex digits) for every other C0 control byte and DEL, for each byte of a C1
 *       control character (U+0080–U+009F, NEL among them) and of U+2028/U+2029 (line and paragraph separators,
 *       which some tools split lines at), and for every byte that is not part of well-formed UTF-8
 *       (Unicode Table 3-7: stray continuation bytes, overlong forms, surrogates, beyond U+10FFFF, truncated
 *       sequences);</li>
 *   <li>everything else, well-formed UTF-8 included, as it came.</li>
 * </ul>
 * The escaping is lossless: replacing the escapes by the bytes they stand for gives back the client's exact bytes.
 *
 * <p>A line over {@code --max-line} is logged as the bytes the server kept (its first {@code --max-line} bytes),
 * escaped, followed by {@link #TRUNCATED} ({@code \...}). No escaped request can contain that marker: a backslash
 * the client sent is written {@code \\}, and {@code \.} is no escape.
 */
final class AccessLogFormat {

    /** Appended to the request of a line that was too long: only its first {@code --max-line} bytes were kept. */
    static final String TRUNCATED = "\\...";

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUNCATED_BYTES = TRUNCATED.getBytes(StandardCharsets.US_ASCII);

    private final DateTimeFormatter timestamps;

    /** @param zone the zone of the timestamps (the server's {@code --zone}) */
    AccessLogFormat(ZoneId zone) {
        this.timestamps = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(zone);
    }

    /** The complete line, LF included, UTF-8. */
    byte[] line(Instant when, String remote, String model, Request request, Reply reply) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + request.raw().length);
        ascii(out, timestamps.format(when));
        out.write('\t');
        ascii(out, remote);
        out.write('\t');
        byte[] raw = request.raw();
        escape(raw, 0, raw.length, out);
        if (request instanceof Request.TooLong) {
            out.writeBytes(TRUNCATED_BYTES);
        }
        out.write('\t');
        byte[] wire = reply.wire();
        int end = wire.length >= 2 && wire[wire.length - 2] == '\r' && wire[wire.length - 1] == '\n'
                ? wire.length - 2 : wire.length;
        escape(wire, 0, end, out);
        out.write('\t');
        ascii(out, model);
        out.write('\n');
        return out.toByteArray();
    }

    /** {@code raw} escaped as described in the class comment, as a string. */
    static String escape(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 16);
        escape(raw, 0, raw.length, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Appends {@code b[from, to)} escaped to {@code out}. */
    static void escape(byte[] b, int from, int to, ByteArrayOutputStream out) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                switch (c) {
                    case '\t' -> twoChars(out, 't');
                    case '\n' -> twoChars(out, 'n');
                    case '\r' -> twoChars(out, 'r');
                    case '\\' -> twoChars(out, '\\');
                    default -> {
                        if (c < 0x20 || c == 0x7F) {
                            hex(out, c);
                        } else {
                            out.write(c);
                        }
                    }
                }
                i++;
                continue;
            }
            int n = wellFormedLength(b, i, to);
            if (n == 0) {
                hex(out, c);
                i++;
                continue;
            }
            int cp = codePoint(b, i, n);
            if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) {
                for (int k = 0; k < n; k++) {
                    hex(out, b[i + k] & 0xFF);
                }
            } else {
                out.write(b, i, n);
            }
            i += n;
        }
    }

    /**
     * The length of the well-formed UTF-8 sequence starting at {@code b[i]} (a byte ≥ 0x80), or 0 when there is
     * none (Unicode Standard, Table 3-7).
     */
    static int wellFormedLength(byte[] b, int i, int to) {
        int c = b[i] & 0xFF;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0) {
                lo = 0xA0; // no overlong forms
            } else if (c == 0xED) {
                hi = 0x9F; // no surrogates
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0) {
                lo = 0x90; // no overlong forms
            } else if (c == 0xF4) {
                hi = 0x8F; // nothing beyond U+10FFFF
            }
        } else {
            return 0; // a continuation byte, C0, C1 (overlong) or F5..FF
        }
        if (i + n > to) {
            return 0;
        }
        int second = b[i + 1] & 0xFF;
        if (second < lo || second > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int cont = b[i + k] & 0xFF;
            if (cont < 0x80 || cont > 0xBF) {
                return 0;
            }
        }
        return n;
    }

    private static int codePoint(byte[] b, int i, int n) {
        int cp = b[i] & (0xFF >> (n + 1));
        for (int k = 1; k < n; k++) {
            cp = (cp << 6) | (b[i + k] & 0x3F);
        }
        return cp;
    }

    private static void twoChars(ByteArrayOutputStream out, char c) {
        out.write('\\');
        out.write(c);
    }

    private static void hex(ByteArrayOutputStream out, int c) {
        out.write('\\');
        out.write('x');
        out.write(HEX[c >> 4]);
        out.write(HEX[c & 0xF]);
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            out.write(ch < 0x80 && ch >= 0x20 ? ch : '?');
        }
    }
}
