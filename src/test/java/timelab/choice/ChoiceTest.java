package timelab.choice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChoiceTest {

    @Test
    void aChoiceSplitsAtItsFirstColonLowerCasedAndKeepsWhatWasWritten() {
        assertThat(Choice.parse(" Fixed:8 ")).isEqualTo(new Choice(" Fixed:8 ", "fixed", "8"));
        assertThat(Choice.parse("nio")).isEqualTo(new Choice("nio", "nio", null));
        assertThat(Choice.parse("process:4/NIO:2")).isEqualTo(new Choice("process:4/NIO:2", "process", "4/nio:2"));
        assertThat(Choice.parse("nio").hasArg()).isFalse();
        assertThat(Choice.parse("nio:").hasArg()).isTrue();
    }

    @Test
    void aPositiveArgumentIsAWholeNumberOfAtLeastOneOrTheDefaultWhenAbsent() {
        assertThat(Choice.parse("fixed:12").positiveArg(4, () -> "bad")).isEqualTo(12);
        assertThat(Choice.parse("fixed").positiveArg(4, () -> "bad")).isEqualTo(4);
        for (String spec : new String[] {"fixed:0", "fixed:-1", "fixed:x", "fixed:", "fixed:1.5"}) {
            assertThatThrownBy(() -> Choice.parse(spec).positiveArg(4, () -> "bad " + spec))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("bad " + spec);
        }
    }

    @Test
    void checksSayWhichValueIsOutOfRange() {
        Checks.range("port", 0, 0, 65535);
        assertThatThrownBy(() -> Checks.range("port", 65536, 0, 65535))
                .hasMessage("port must be in [0, 65535], was 65536");
        Checks.positive("read-timeout", Duration.ofMillis(1));
        assertThatThrownBy(() -> Checks.positive("read-timeout", Duration.ZERO))
                .hasMessage("read-timeout must be positive, was PT0S");
        Checks.notNegative("ramp", Duration.ZERO);
        assertThatThrownBy(() -> Checks.notNegative("ramp", Duration.ofSeconds(-1)))
                .hasMessage("ramp must not be negative, was PT-1S");
        assertThatThrownBy(() -> Checks.notNegative("ramp", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("ramp");
    }
}
