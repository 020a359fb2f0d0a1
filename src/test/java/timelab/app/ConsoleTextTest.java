package timelab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleTextTest {

    private static final String VERDICT = "single, 10 clients: 1 served, 9 connected but never served within "
            + "--read-timeout: they waited in the accept queue of a server whose one thread was busy with the first "
            + "client, and the kernel completed their handshakes without the server ever calling accept";

    @Test
    void aShortLineIsLeftAsItIs() {
        assertThat(ConsoleText.wrap("  clients    5 started", 120, "    ")).containsExactly("  clients    5 started");
    }

    @Test
    void aLongSentenceBreaksAtSpacesWithAHangingIndentAndLosesNoWord() {
        List<String> lines = ConsoleText.wrap("  " + VERDICT, 60, "    ");
        assertThat(lines).hasSizeGreaterThan(3).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
        assertThat(lines.get(0)).startsWith("  single, 10 clients:");
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).startsWith("    ").doesNotStartWith(
                "     "));
        assertThat(String.join(" ", lines.stream().map(String::strip).toList())).isEqualTo(VERDICT);
    }

    @Test
    void aWordLongerThanALineIsKeptWholeOnALineOfItsOwn() {
        String path = "/tmp/" + "x".repeat(40) + ".jfr";
        assertThat(ConsoleText.wrap("recording: " + path + " written", 30, "  "))
                .containsExactly("recording:", "  " + path, "  written");
    }

    @Test
    void lineBreaksInTheTextAreKeptAndEachPieceWrapped() {
        assertThat(ConsoleText.wrap("one two three\nfour five six", 9, " ")).containsExactly("one two", " three",
                "four five", " six");
    }

    @Test
    void fitIndentsTwoDeeperThanTheLineItselfAndWrapsAtTheConsoleWidth() {
        String lines = ConsoleText.fit("  " + VERDICT);
        assertThat(lines.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(ConsoleText.WIDTH));
        assertThat(lines.lines().skip(1)).allSatisfy(l -> assertThat(l).startsWith("    ").doesNotStartWith("     "));
    }

    @Test
    void aLabelledRowContinuesUnderItsValue() {
        String row = "  connections       " + "200 served (timelab.Connection), 200 requests; ".repeat(4);
        List<String> lines = ConsoleText.fit(row).lines().toList();
        assertThat(lines).hasSizeGreaterThan(1).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).startsWith(" ".repeat(20))
                .doesNotStartWith(" ".repeat(21)));
    }

    @Test
    void anIndentAsWideAsTheLineIsRefused() {
        assertThatThrownBy(() -> ConsoleText.wrap("a b", 4, "    ")).isInstanceOf(IllegalArgumentException.class);
    }
}
