package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log's file on its own: whole lines, appended, counted; a torn tail cut away after a failure. */
class AccessLogChannelTest {

    @TempDir
    Path dir;

    @Test
    void batchesLongerThanTheBufferAndLinesLongerThanItArriveWholeAndInOrder() throws IOException {
        Path file = dir.resolve("access.log");
        Files.writeString(file, "earlier\n");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            lines.add("line " + i + " " + "x".repeat(i % 50) + "\n");
        }
        lines.add(5_000, "y".repeat(AccessLogChannel.BUFFER_BYTES + 10) + "\n"); // longer than the buffer
        try (AccessLogChannel channel = AccessLogChannel.open(file)) {
            channel.write(lines, line -> line.getBytes(StandardCharsets.UTF_8));
            channel.force();
            assertThat(channel.batchWritten()).isEqualTo(lines.size());
            assertThat(channel.written()).isEqualTo(lines.size());
        }
        assertThat(Files.readString(file)).isEqualTo("earlier\n" + String.join("", lines));
    }

    @Test
    void aFailedWriteCountsTheCompleteLinesAndTheTornTailIsCutAway() throws IOException {
        Path file = dir.resolve("access.log");
        List<String> lines = List.of("first\n", "second\n", "third\n");
        try (AccessLogChannel channel = AccessLogChannel.open(file)) {
            channel.write(lines.subList(0, 2), line -> line.getBytes(StandardCharsets.UTF_8));
            Files.writeString(file, "half a li", StandardOpenOption.APPEND); // what a torn write leaves
            Function<String, byte[]> failing = line -> {
                throw new IllegalStateException("the disk went away");
            };
            assertThatThrownBy(() -> channel.write(lines, failing)).isInstanceOf(IllegalStateException.class);
            assertThat(channel.batchWritten()).isZero();
            assertThat(channel.written()).isEqualTo(2);
            channel.cutTornLine();
        }
        assertThat(Files.readString(file)).isEqualTo("first\nsecond\n");
    }

    @Test
    void aFileThatCannotBeOpenedSaysWhyInAFewWords() {
        Path missing = dir.resolve("no-such-dir").resolve("access.log");
        assertThatThrownBy(() -> AccessLogChannel.open(missing))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot open the access log " + missing + ": no such file or directory");
    }
}
