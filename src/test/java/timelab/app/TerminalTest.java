package timelab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Console;
import org.junit.jupiter.api.Test;

class TerminalTest {

    @Test
    void noConsoleIsNoTerminal() {
        assertThat(Terminal.isTerminal((Console) null)).isFalse();
    }
}
