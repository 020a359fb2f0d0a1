package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import timelab.AccessLogFile;
import timelab.protocol.ErrorReply;
import timelab.protocol.Request;
import timelab.service.Reply;

/** The access log's line format and escaping: pure functions, no server. */
class AccessLogFormatTest {

    private static String escapeHex(String hex) {
        return AccessLogFormat.escape(HexFormat.of().parseHex(hex));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "09|\\t",
        "0a|\\n",
        "0d|\\r",
        "5c|\\\\",
        "00|\\x00",
        "01|\\x01",
        "1b|\\x1b",
        "1f|\\x1f",
        "7f|\\x7f",
        "54494d45|TIME",
        "2020|\"  \"",
        "617462|atb",
    })
    void controlBytesTabNewlineCarriageReturnAndBackslashAreEscaped(String hex, String escaped) {
        assertThat(escapeHex(hex)).isEqualTo(escaped);
    }

    static IntStream c0AndDel() {
        return IntStream.concat(IntStream.range(0, 0x20), IntStream.of(0x7f));
    }

    @ParameterizedTest(name = "byte {0}")
    @MethodSource("c0AndDel")
    void everyControlByteBecomesAnEscapeWithNoControlByteLeft(int b) {
        String escaped = AccessLogFormat.escape(new byte[] {'a', (byte) b, 'z'});
        assertThat(escaped).startsWith("a\\").endsWith("z");
        assertThat(escaped.chars()).allMatch(c -> c >= 0x20 && c != 0x7f);
    }

    @Test
    void printableAsciiIsKeptAsItIs() {
        byte[] printable = new byte[0x7f - 0x20];
        for (int i = 0; i < printable.length; i++) {
            printable[i] = (byte) (0x20 + i);
        }
        String expected = new String(printable, StandardCharsets.US_ASCII).replace("\\", "\\\\");
        assertThat(AccessLogFormat.escape(printable)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ñañaña", "€", "日本語", "😀a😀", "\uFFFD", "nb\u00A0sp", "\u200Bzero-width"})
    void wellFormedUtf8IsKeptAsUtf8(String text) {
        assertThat(AccessLogFormat.escape(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // C1 controls (NEL among them) and the Unicode line/paragraph separators: escaped byte by byte
        "c285|\\xc2\\x85",
        "c280|\\xc2\\x80",
        "c29b|\\xc2\\x9b",
        "e280a8|\\xe2\\x80\\xa8",
        "e280a9|\\xe2\\x80\\xa9",
        // malformed UTF-8: each byte that is not part of a well-formed sequence
        "80|\\x80",
        "bf41|\\xbfA",
        "c0af|\\xc0\\xaf",
        "c1bf|\\xc1\\xbf",
        "e080af|\\xe0\\x80\\xaf",
        "eda080|\\xed\\xa0\\x80",
        "f4908080|\\xf4\\x90\\x80\\x80",
        "f5808080|\\xf5\\x80\\x80\\x80",
        "ff|\\xff",
        "fe|\\xfe",
        "e282|\\xe2\\x82",
        "e28241|\\xe2\\x82A",
        "c3|\\xc3",
        "c328|\\xc3(",
        "f09f98|\\xf0\\x9f\\x98",
        "61f09f988062|a😀b",
    })
    void c1ControlsLineSeparatorsAndMalformedBytesAreEscapedPerByte(String hex, String escaped) {
        assertThat(escapeHex(hex)).isEqualTo(escaped);
    }

    @Test
    void escapingIsLosslessAndAlwaysGivesOneLineOfValidUtf8() throws CharacterCodingException {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] raw = new byte[random.nextInt(40)];
            for (int i = 0; i < raw.length; i++) {
                // bias towards the interesting bytes: controls, backslash, UTF-8 lead and continuation bytes
                raw[i] = switch (random.nextInt(4)) {
                    case 0 -> (byte) random.nextInt(0x20);
                    case 1 -> (byte) (0x80 + random.nextInt(0x80));
                    case 2 -> (byte) "\\\t\r\n\u007f".charAt(random.nextInt(5));
                    default -> (byte) random.nextInt(256);
                };
            }
            String escaped = AccessLogFormat.escape(raw);
            byte[] bytes = escaped.getBytes(StandardCharsets.UTF_8);
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            assertThat(escaped.codePoints()).as(HexFormat.of().formatHex(raw)).noneMatch(cp -> cp < 0x20
                    || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029);
            assertThat(unescape(escaped)).as(HexFormat.of().formatHex(raw)).isEqualTo(raw);
        }
    }

    @Test
    void aLineHasFiveTabSeparatedFieldsAndEndsWithOneNewline() {
        AccessLogFormat format = new AccessLogFormat(ZoneOffset.ofHours(7));
        Instant when = Instant.parse("2025-03-01T07:03:09.123Z");
        byte[] line = format.line(when, "127.0.0.1:50432", "fixed:10",
                new Request.Text("abc2a".getBytes(StandardCharsets.UTF_8)), Reply.of("2 sí"));
        assertThat(new String(line, StandardCharsets.UTF_8))
                .isEqualTo("2025-03-01T14:03:09.123+07:00\t127.0.0.1:50432\tabc2a\t2 sí\tfixed:10\n");
    }

    @Test
    void timestampsAlwaysHaveMillisecondsAndTheOffset() {
        AccessLogFormat format = new AccessLogFormat(ZoneId.of("UTC"));
        byte[] line = format.line(Instant.parse("2025-03-01T07:03:09Z"), "10.0.0.1:1", "nio",
                new Request.Time("TIME".getBytes(StandardCharsets.US_ASCII)),
                new Reply("JAM 07:03:09\r\n".getBytes(StandardCharsets.US_ASCII), false));
        assertThat(new String(line, StandardCharsets.UTF_8)).startsWith("2025-03-01T07:03:09.000Z\t");
    }

    @Test
    void aRequestWithTabsAndNewlinesStillMakesExactlyOneLineOfFiveFields() {
        AccessLogFormat format = new AccessLogFormat(ZoneOffset.UTC);
        byte[] attack = "x\t1.2.3.4:5\tJAM 00:00:00\tvirtual\n2025-01-01T00:00:00.000Z\t6.6.6.6:6\tTIME"
                .getBytes(StandardCharsets.UTF_8);
        String line = new String(format.line(Instant.EPOCH, "127.0.0.1:9", "virtual", new Request.Text(attack),
                Reply.of(ErrorReply.UNKNOWN_COMMAND)), StandardCharsets.UTF_8);
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        String[] fields = line.substring(0, line.length() - 1).split("\t", -1);
        assertThat(fields).hasSize(5);
        assertThat(fields[1]).isEqualTo("127.0.0.1:9");
        assertThat(fields[3]).isEqualTo("ERROR unknown command");
        assertThat(unescape(fields[2])).isEqualTo(attack);
    }

    @Test
    void aLineTooLongIsLoggedAsTheBytesKeptAndTheTruncationMarker() {
        AccessLogFormat format = new AccessLogFormat(ZoneOffset.UTC);
        String line = new String(format.line(Instant.EPOCH, "127.0.0.1:9", "platform",
                new Request.TooLong("xxxx".getBytes(StandardCharsets.US_ASCII)), Reply.of(ErrorReply.LINE_TOO_LONG)),
                StandardCharsets.UTF_8);
        assertThat(line.split("\t")[2]).isEqualTo("xxxx" + AccessLogFormat.TRUNCATED).isEqualTo("xxxx\\...");
        assertThat(line.split("\t")[3]).isEqualTo("ERROR line too long");
        // a client sending the marker's text gets its backslash escaped: the marker stays unambiguous
        String literal = new String(format.line(Instant.EPOCH, "127.0.0.1:9", "platform",
                new Request.Text("xxxx\\...".getBytes(StandardCharsets.US_ASCII)), Reply.of("3 sí")),
                StandardCharsets.UTF_8);
        assertThat(literal.split("\t")[2]).isEqualTo("xxxx\\\\...");
    }

    private static byte[] unescape(String escaped) {
        return AccessLogFile.unescape(escaped);
    }
}
