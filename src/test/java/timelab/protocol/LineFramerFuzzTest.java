package timelab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the framer and the request classification with the invariants of docs/reference/protocol.md: never throws,
 * never holds more than the limit, and yields the same requests however the bytes are split.
 *
 * <p>{@code ./mvnw verify} replays the corpus in {@code src/test/resources/timelab/protocol/LineFramerFuzzTestInputs}
 * as a normal test. Real coverage-guided fuzzing: {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=LineFramerFuzzTest}
 * (docs/explanation/reliability.md); new crashing inputs land in that folder and then replay forever.
 */
class LineFramerFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void framingIsTotalBoundedAndSplitInvariant(FuzzedDataProvider data) {
        int maxLine = data.consumeInt(1, 64);
        int splits = data.consumeInt(0, 16);
        List<Integer> cuts = new ArrayList<>();
        for (int i = 0; i < splits; i++) {
            cuts.add(data.consumeInt(0, 4096));
        }
        byte[] input = data.consumeRemainingAsBytes();

        List<String> whole = frame(input, List.of(), maxLine);
        List<String> split = frame(input, cuts, maxLine);
        assertThat(split).isEqualTo(whole);
    }

    /** Frames {@code input} cut at the given offsets; describes each request as kind:hex (raw bytes). */
    private static List<String> frame(byte[] input, List<Integer> cuts, int maxLine) {
        LineFramer framer = new LineFramer(maxLine);
        List<String> out = new ArrayList<>();
        for (ByteBuffer in : pieces(input, cuts)) {
            Request r;
            while ((r = framer.next(in)) != null) {
                assertThat(r.raw().length).as("never more than the limit").isLessThanOrEqualTo(maxLine);
                for (byte b : r.raw()) {
                    assertThat(b).as("a line never contains its terminator").isNotEqualTo((byte) '\n');
                }
                out.add(r.getClass().getSimpleName() + ":" + java.util.HexFormat.of().formatHex(r.raw()));
                r.text(); // decoding never throws
                if (r instanceof Request.TooLong) {
                    return out;
                }
            }
            assertThat(in.hasRemaining()).isFalse();
        }
        return out;
    }

    @FuzzTest(maxDuration = "60s")
    void splittingIsTotalBoundedSplitInvariantAndLosesNoByte(FuzzedDataProvider data) {
        int maxLine = data.consumeInt(1, 64);
        int cut = data.consumeInt(0, 4096);
        byte[] input = data.consumeRemainingAsBytes();
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream(); // the input without terminators
        for (int i = 0; i < input.length; i++) {
            boolean crBeforeLf = input[i] == '\r' && i + 1 < input.length && input[i + 1] == '\n';
            if (input[i] != '\n' && !crBeforeLf) {
                content.write(input[i]);
            }
        }
        LineFramer whole = LineFramer.splitting(maxLine);
        List<String> all = lines(whole, input, List.of());
        assertThat(lines(LineFramer.splitting(maxLine), input, List.of(cut))).isEqualTo(all);
        String joined = String.join("", all);
        String expected = java.util.HexFormat.of().formatHex(content.toByteArray());
        assertThat(expected).as("every byte but the terminators, in order").startsWith(joined);
        assertThat(joined.length() / 2 + whole.partialLength()).isEqualTo(content.size());
    }

    /** Splits {@code input} cut at the given offsets into lines, each as hex; checks each against the limit. */
    private static List<String> lines(LineFramer framer, byte[] input, List<Integer> cuts) {
        List<String> out = new ArrayList<>();
        for (ByteBuffer in : pieces(input, cuts)) {
            for (byte[] line; (line = framer.nextLine(in)) != null; ) {
                assertThat(line.length).as("never more than the limit").isLessThanOrEqualTo(framer.maxLine());
                out.add(java.util.HexFormat.of().formatHex(line));
            }
            assertThat(in.hasRemaining()).isFalse();
        }
        return out;
    }

    /** {@code input} cut at the given offsets (clamped to its length, in order): the pieces a peer's reads deliver. */
    private static List<ByteBuffer> pieces(byte[] input, List<Integer> cuts) {
        List<Integer> bounds = new ArrayList<>(cuts.stream().map(c -> Math.min(c, input.length)).sorted().toList());
        bounds.add(input.length);
        List<ByteBuffer> pieces = new ArrayList<>();
        int from = 0;
        for (int to : bounds) {
            pieces.add(ByteBuffer.wrap(input, from, to - from));
            from = to;
        }
        return pieces;
    }
}
