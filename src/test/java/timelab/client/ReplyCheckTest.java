package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplyCheckTest {

    private static final ReplyCheck TIME = ReplyCheck.of(LoadPlan.Exchange.TIME);

    @Test
    void aTimeReplyMustBeJamWithAValid24HourTime() {
        assertThat(TIME.verify("TIME", "JAM 23:59:07")).isNull();
        assertThat(TIME.verify("TIME", "JAM 24:00:00").kind()).isEqualTo(FailureKind.BAD_REPLY);
        assertThat(TIME.verify("TIME", "JAM 1:02:03").kind()).isEqualTo(FailureKind.BAD_REPLY);
        assertThat(TIME.verify("TIME", "JAM 23:59:07 ").kind()).isEqualTo(FailureKind.BAD_REPLY);
        assertThat(TIME.verify("TIME", "JAM 23:59:0\u0667").kind()).isEqualTo(FailureKind.BAD_REPLY); // not ASCII
        assertThat(TIME.verify("TIME", "ERROR unknown command").rawMessage())
                .contains("expected JAM HH:mm:ss").contains("ERROR unknown command");
    }

    @Test
    void aReplyEchoingTheRequestIsASocketConnectedToItself() {
        assertThat(TIME.verify("TIME", "TIME").kind()).isEqualTo(FailureKind.SELF_CONNECT);
    }

    @Test
    void errorBusyIsTheServerAtItsCap() {
        assertThat(TIME.verify("TIME", "ERROR busy").kind()).isEqualTo(FailureKind.BUSY);
    }

    @Test
    void charcountExpectsTheCountOfTheLastCharacterAndWhetherItIsPrime() {
        ReplyCheck c = ReplyCheck.of(LoadPlan.Exchange.charcount("abc{n}a"));
        assertThat(c.request(2, 1)).isEqualTo("abc2a");
        assertThat(c.verify("abc2a", "2 sí")).isNull();
        assertThat(c.verify("hello", "1 no")).isNull();
        assertThat(c.verify("aaa  ", "3 sí")).isNull(); // trimmed first
        assertThat(c.verify("añña", "2 sí")).isNull();
        assertThat(c.verify("abcd", "4 no").kind()).isEqualTo(FailureKind.BAD_REPLY); // d occurs once
        assertThat(c.verify("aaaa", "4 sí").rawMessage()).contains("expected 4 no");
    }

    @Test
    void aLineServerNeedsOnlyTheExpectedPrefix() {
        ReplyCheck r = ReplyCheck.of(LoadPlan.Exchange.line("PING", "+PONG", ""));
        assertThat(r.verify("PING", "+PONG")).isNull();
        assertThat(r.verify("PING", "-ERR").kind()).isEqualTo(FailureKind.BAD_REPLY);
        assertThat(ReplyCheck.of(LoadPlan.Exchange.line("x{n}-{r}", "", "")).request(7, 3)).isEqualTo("x7-3");
    }

    @Test
    void controlBytesInAShownReplyAreEscaped() {
        assertThat(ReplyCheck.shown("a\tb\u0000")).isEqualTo("a\\x09b\\x00");
        assertThat(ReplyCheck.shown("x".repeat(200))).hasSize(81);
    }
}
