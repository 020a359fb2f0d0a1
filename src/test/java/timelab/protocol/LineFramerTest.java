package timelab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    /** Frames {@code input} fed in chunks of {@code chunk} bytes; describes each request as kind:text. */
    static List<String> frame(byte[] input, int chunk, int maxLine) {
        LineFramer framer = new LineFramer(maxLine);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < input.length; i += chunk) {
            ByteBuffer in = ByteBuffer.wrap(input, i, Math.min(chunk, input.length - i));
            Request r;
            while (in.hasRemaining() && (r = framer.next(in)) != null) {
                out.add(r.getClass().getSimpleName() + ":" + new String(r.raw(), StandardCharsets.ISO_8859_1));
                if (r instanceof Request.TooLong) {
                    return out;
                }
            }
        }
        return out;
    }

    static List<String> frame(String input, int chunk) {
        return frame(input.getBytes(StandardCharsets.ISO_8859_1), chunk, 256);
    }

    @Test
    void crlfAndLfBothEndALineAndOnlyTheCrBeforeLfIsDropped() {
        assertThat(frame("TIME\r\nTIME\nab\rc\r\nx\r\r\n", 1000))
                .containsExactly("Time:TIME", "Time:TIME", "Text:ab\rc", "Text:x\r");
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 5, 7, 64})
    void theSameRequestsHoweverTheBytesAreSplit(int chunk) {
        String input = "TIME\r\n\r\nquit \t\r\nhello world\nTiMe\r\n\r\r\n";
        assertThat(frame(input, chunk)).isEqualTo(frame(input, 1000))
                .containsExactly("Time:TIME", "Blank:", "Quit:quit \t", "Text:hello world", "Time:TiMe", "Text:\r");
    }

    @Test
    void trailingSpacesAndTabsAreIgnoredButLeadingOnesAreNot() {
        assertThat(frame("TIME  \t\r\n TIME\r\n \t \r\n", 1000))
                .containsExactly("Time:TIME  \t", "Text: TIME", "Blank: \t ");
    }

    @Test
    void aLineOfExactlyTheLimitIsAcceptedWithItsCrlf() {
        String line = "x".repeat(8);
        assertThat(frame((line + "\r\n").getBytes(StandardCharsets.US_ASCII), 1, 8)).containsExactly("Text:" + line);
    }

    @ParameterizedTest(name = "limit {0}")
    @ValueSource(ints = {LineFramer.INITIAL - 1, LineFramer.INITIAL, LineFramer.INITIAL + 1, 100, 256})
    void theBufferGrowsPastItsFirstSizeUpToTheLimitAndNoFurther(int limit) {
        String line = "y".repeat(limit);
        assertThat(frame((line + "\r\n" + line + "z\n").getBytes(StandardCharsets.US_ASCII), 7, limit))
                .containsExactly("Text:" + line, "TooLong:" + line);
    }

    @Test
    void oneByteOverTheLimitIsTooLongAtOnceWithoutWaitingForLf() {
        assertThat(frame("123456789".getBytes(StandardCharsets.US_ASCII), 1, 8)).containsExactly("TooLong:12345678");
    }

    @Test
    void aCrThatWouldBeContentCountsTowardsTheLimit() {
        assertThat(frame("12345678\rx".getBytes(StandardCharsets.US_ASCII), 1, 8)).containsExactly("TooLong:12345678");
    }

    @Test
    void aSpentFramerRefusesMoreInput() {
        LineFramer framer = new LineFramer(2);
        assertThat(framer.next(ByteBuffer.wrap(new byte[] {'a', 'b', 'c'}))).isInstanceOf(Request.TooLong.class);
        assertThatThrownBy(() -> framer.next(ByteBuffer.wrap(new byte[] {'\n'})))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void partialLineIsTrackedAcrossCalls() {
        LineFramer framer = new LineFramer(16);
        assertThat(framer.hasPartialLine()).isFalse();
        assertThat(framer.next(ByteBuffer.wrap("TI".getBytes(StandardCharsets.US_ASCII)))).isNull();
        assertThat(framer.hasPartialLine()).isTrue();
        assertThat(framer.next(ByteBuffer.wrap("ME\r".getBytes(StandardCharsets.US_ASCII)))).isNull();
        assertThat(framer.next(ByteBuffer.wrap("\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(Request.Time.class);
        assertThat(framer.hasPartialLine()).isFalse();
    }

    @Test
    void bytesAfterALineStayInTheBufferForTheNextCall() {
        LineFramer framer = new LineFramer(16);
        ByteBuffer in = ByteBuffer.wrap("TIME\nQUIT\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(framer.next(in)).isInstanceOf(Request.Time.class);
        assertThat(in.remaining()).isEqualTo(5);
        assertThat(framer.next(in)).isInstanceOf(Request.Quit.class);
    }

    @Test
    void binaryAndMalformedUtf8AreFramedNotDecoded() {
        byte[] input = {0, (byte) 0xff, (byte) 0xc3, '\r', '\n'};
        List<String> requests = frame(input, 1, 256);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).startsWith("Text:");
        assertThat(new Request.Text(new byte[] {(byte) 0xc3}).text()).isEqualTo("\uFFFD");
    }

    /** Splits {@code input} into lines with a splitting framer of {@code maxLine}, fed in chunks of {@code chunk}. */
    static List<String> lines(String input, int chunk, int maxLine) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        LineFramer framer = LineFramer.splitting(maxLine);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += chunk) {
            ByteBuffer in = ByteBuffer.wrap(bytes, i, Math.min(chunk, bytes.length - i));
            for (byte[] line; (line = framer.nextLine(in)) != null; ) {
                out.add(new String(line, StandardCharsets.ISO_8859_1));
            }
            assertThat(in.hasRemaining()).as("a drained input").isFalse();
        }
        return out;
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 5, 64})
    void aSplittingFramerCutsLongLinesIntoPiecesAndLosesNoByteHoweverTheBytesAreSplit(int chunk) {
        assertThat(lines("abcdefghij\r\nxy\r\nabcd\r\nabc\r\rd\n\n", chunk, 4))
                .containsExactly("abcd", "efgh", "ij", "xy", "abcd", "abc\r", "\rd", "");
    }

    @Test
    void aSplittingFramerKeepsItsPartialLineAndSaysHowLongItIs() {
        LineFramer framer = LineFramer.splitting(16);
        assertThat(framer.nextLine(ByteBuffer.wrap("JAM 1\r".getBytes(StandardCharsets.US_ASCII)))).isNull();
        assertThat(framer.partialLength()).isEqualTo(6);
        assertThat(framer.nextLine(ByteBuffer.wrap("\n".getBytes(StandardCharsets.US_ASCII)))).asString()
                .isEqualTo("JAM 1");
        assertThat(framer.partialLength()).isZero();
    }

    @Test
    void aFramerIsEitherRefusingOrSplittingNeverBoth() {
        ByteBuffer in = ByteBuffer.wrap("x\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> LineFramer.splitting(8).next(in)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new LineFramer(8).nextLine(in)).isInstanceOf(IllegalStateException.class);
    }
}
