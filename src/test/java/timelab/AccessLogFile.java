package timelab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An access log read back the way a user's script would, strictly: the file is valid UTF-8, ends with a newline,
 * and every line has exactly five tab-separated fields of the right shape. Anything else (a torn line, an
 * interleaved one, a stray control byte) is an {@link AssertionError} naming the line.
 */
public record AccessLogFile(List<Line> lines) {

    private static final Pattern TIMESTAMP =
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)");
    private static final Pattern REMOTE = Pattern.compile("[0-9a-fA-F.:]+:\\d{1,5}");

    /** One line; {@code request} is the client's exact bytes (escapes undone), {@code escaped} as written. */
    public record Line(OffsetDateTime time, String remote, String escaped, byte[] request, String reply,
            String model) {

        public int port() {
            return Integer.parseInt(remote.substring(remote.lastIndexOf(':') + 1));
        }

        /** The request decoded as UTF-8 (for tests that sent valid UTF-8). */
        public String requestText() {
            return new String(request, StandardCharsets.UTF_8);
        }
    }

    public static AccessLogFile read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length > 0 && all[all.length - 1] != '\n') {
            int start = lastIndexOf(all, (byte) '\n') + 1;
            throw new AssertionError("the log ends in a torn line: "
                    + new String(all, start, all.length - start, StandardCharsets.UTF_8));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(all)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("the log is not valid UTF-8: " + e);
        }
        List<Line> lines = new ArrayList<>();
        if (text.isEmpty()) {
            return new AccessLogFile(lines);
        }
        String[] rows = text.substring(0, text.length() - 1).split("\n", -1);
        for (int i = 0; i < rows.length; i++) {
            lines.add(parse(i + 1, rows[i]));
        }
        return new AccessLogFile(List.copyOf(lines));
    }

    public int size() {
        return lines.size();
    }

    private static Line parse(int number, String row) {
        String[] f = row.split("\t", -1);
        String where = "line " + number + " [" + row + "]";
        if (f.length != 5) {
            throw new AssertionError(where + ": " + f.length + " fields instead of 5");
        }
        if (!TIMESTAMP.matcher(f[0]).matches()) {
            throw new AssertionError(where + ": bad timestamp");
        }
        if (!REMOTE.matcher(f[1]).matches()) {
            throw new AssertionError(where + ": bad client address");
        }
        if (f[3].isEmpty() || f[4].isEmpty()) {
            throw new AssertionError(where + ": empty reply or model");
        }
        if (row.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw new AssertionError(where + ": a control character");
        }
        return new Line(OffsetDateTime.parse(f[0]), f[1], f[2], unescape(f[2]), f[3], f[4]);
    }

    /**
     * The inverse of the log's escaping (docs/reference/protocol.md, docs/reference/access-log.md): gives back the
     * exact bytes.
     */
    public static byte[] unescape(String escaped) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = escaped.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '\\') {
                out.write(b[i]);
                continue;
            }
            if (i + 1 >= b.length) {
                throw new IllegalArgumentException("a lone backslash at the end of " + escaped);
            }
            char c = (char) b[++i];
            switch (c) {
                case 't' -> out.write('\t');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(HexFormat.fromHexDigits(new String(b, i + 1, 2, StandardCharsets.US_ASCII)));
                    i += 2;
                }
                case '.' -> {
                    if (i != b.length - 3 || b[i + 1] != '.' || b[i + 2] != '.') {
                        throw new IllegalArgumentException("the truncation marker not at the end: " + escaped);
                    }
                    i += 2; // "\..." : the request was longer; what came before is all the server kept
                }
                default -> throw new IllegalArgumentException("not an escape: \\" + c + " in " + escaped);
            }
        }
        return out.toByteArray();
    }

    private static int lastIndexOf(byte[] b, byte x) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
