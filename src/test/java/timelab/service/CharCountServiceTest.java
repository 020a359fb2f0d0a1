package timelab.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import timelab.protocol.Request;

class CharCountServiceTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "abc2a|2 sí",
        "hello|1 no",
        "'  aaa  '|3 sí",
        "aaaa|4 no",
        "x|1 no",
        "😀a😀|2 sí",
    })
    void countsTheLastCodePointAndSaysWhetherTheCountIsPrime(String line, String expected) {
        Reply reply = new CharCountService().reply(new Request.Text(line.getBytes(StandardCharsets.UTF_8)));
        assertThat(reply.text()).isEqualTo(expected);
        assertThat(reply.error()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"-7,false", "0,false", "1,false", "2,true", "3,true", "4,false", "5,true", "9,false", "25,false",
        "49,false", "91,false", "97,true", "7919,true", "999983,true", "1000000,false", "2147483646,false",
        "2147483647,true"})
    void primes(int n, boolean prime) {
        assertThat(CharCountService.isPrime(n)).isEqualTo(prime);
    }

    @Test
    void primalityAgreesWithASieveUpToTenThousand() {
        boolean[] composite = new boolean[10_001];
        for (int i = 2; i * i <= 10_000; i++) {
            for (int j = i * i; j <= 10_000; j += i) {
                composite[j] = true;
            }
        }
        for (int n = 0; n <= 10_000; n++) {
            assertThat(CharCountService.isPrime(n)).as("%d", n).isEqualTo(n >= 2 && !composite[n]);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "𝄞𝄞𝄞|3 sí",              // U+1D11E, two UTF-16 units each: counted once per code point
        "𝄞🄞|1 no",               // U+1D11E and U+1F11E share their low surrogate: a char count would say 2
        "😀耀|1 no",               // both end in byte 0x80: a byte count would say 3
        "a😀|1 no",
        "😀😀😀😀|4 no",
        "ñañañaña|4 no",
        "日本日本日|3 sí",
    })
    void countsCodePointsNotCharsOrBytes(String line, String expected) {
        assertThat(reply(line.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "61ff|1 no",             // a, then a malformed byte: U+FFFD once
        "fffefd|3 sí",           // three malformed bytes: three U+FFFD
        "f09f98f09f98|2 sí",     // two truncated 4-byte sequences: one U+FFFD each
        "61c328|1 no",           // a lone lead byte before '(': the last character is '('
        "e282|1 no",             // a truncated euro sign
        "2fc0af|2 sí",           // an overlong '/' is two malformed bytes, never a second '/'
    })
    void malformedUtf8CountsAsReplacementCharacters(String hex, String expected) {
        assertThat(reply(HexFormat.of().parseHex(hex))).isEqualTo(expected);
    }

    static Stream<Arguments> blankAndPaddedLines() {
        return Stream.of(
                arguments("\f", "0 no"), // whitespace other than spaces and tabs reaches the service: nothing is left
                arguments("\u2003", "0 no"),
                arguments("\u00a0\u00a0", "2 sí"), // no-break spaces are not trimmed (not Character.isWhitespace)
                arguments("aa  ", "2 sí"),
                arguments("\t  b", "1 no"),
                arguments("  b  \t", "1 no"));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @MethodSource("blankAndPaddedLines")
    void linesAreTrimmedAndABlankResultCountsZero(String line, String expected) {
        assertThat(reply(line.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} times a")
    @CsvSource({"999983,999983 sí", "1000000,1000000 no", "1048576,1048576 no"})
    void veryLongLinesAreCountedInFull(int length, String expected) {
        assertThat(reply("a".repeat(length).getBytes(StandardCharsets.US_ASCII))).isEqualTo(expected);
    }

    private static String reply(byte[] raw) {
        Reply reply = new CharCountService().reply(new Request.Text(raw));
        assertThat(reply.error()).isFalse();
        return reply.text();
    }
}
