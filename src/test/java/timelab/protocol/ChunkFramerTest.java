package timelab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChunkFramerTest {

    /** The requests the bytes of one read make, each as kind:text. */
    private static List<String> read(Framer framer, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<String> out = new ArrayList<>();
        for (Request r = framer.next(in); r != null; r = framer.next(in)) {
            out.add(r.getClass().getSimpleName() + ":" + new String(r.raw(), StandardCharsets.ISO_8859_1));
        }
        assertThat(in.hasRemaining()).isFalse();
        return out;
    }

    private static List<String> read(Framer framer, String text) {
        return read(framer, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void oneReadIsOneRequestWithNoNewlineNeeded() {
        Framer framer = Framer.of(Framing.CHUNK, 256);
        assertThat(read(framer, "Tarefa do Cliente 1")).containsExactly("Text:Tarefa do Cliente 1");
        assertThat(read(framer, "TIME")).containsExactly("Time:TIME");
        assertThat(framer.hasPartialLine()).isFalse();
    }

    @Test
    void onlyATrailingLineEndIsStripped() {
        Framer framer = Framer.of(Framing.CHUNK, 256);
        assertThat(read(framer, "a\r\nb\r\n")).containsExactly("Text:a\r\nb");
        assertThat(read(framer, "a\n")).containsExactly("Text:a");
        assertThat(read(framer, "a\r")).containsExactly("Text:a");
        assertThat(read(framer, " a \n\n")).containsExactly("Text: a \n");
        assertThat(read(framer, "\r\n")).containsExactly("Blank:");
    }

    @Test
    void moreThan1024BytesInOneReadAreCutInto1024ByteRequestsWhateverTheLineLimit() {
        Framer framer = Framer.of(Framing.CHUNK, 8);
        byte[] input = "x".repeat(2 * ChunkFramer.MAX + 100).getBytes(StandardCharsets.US_ASCII);
        List<String> requests = read(framer, input);
        String full = "Text:" + "x".repeat(ChunkFramer.MAX);
        assertThat(requests).containsExactly(full, full, "Text:" + "x".repeat(100));
        assertThat(framer.minReadBuffer()).isEqualTo(ChunkFramer.MAX);
    }

    @Test
    void anEmptyReadMakesNoRequest() {
        assertThat(read(Framer.of(Framing.CHUNK, 256), new byte[0])).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Framing.class)
    void eachFramingMakesItsOwnFramer(Framing framing) {
        Framer framer = Framer.of(framing, 256);
        assertThat(framer).isInstanceOf(switch (framing) {
            case LINE -> LineFramer.class;
            case CHUNK -> ChunkFramer.class;
        });
        assertThat(read(framer, "TIME\r\n")).containsExactly("Time:TIME");
    }
}
