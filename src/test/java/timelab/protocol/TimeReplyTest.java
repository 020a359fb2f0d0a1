package timelab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class TimeReplyTest {

    @Test
    void repliesUseTheTwentyFourHourClockZeroPadded() {
        assertThat(new String(TimeReply.encode(LocalTime.of(14, 3, 9)), StandardCharsets.US_ASCII))
                .isEqualTo("JAM 14:03:09\r\n");
        assertThat(new String(TimeReply.encode(LocalTime.of(0, 0, 0)), StandardCharsets.US_ASCII))
                .isEqualTo("JAM 00:00:00\r\n");
        assertThat(TimeReply.encode(LocalTime.of(23, 59, 59))).hasSize(TimeReply.LENGTH);
    }

    @Test
    void parseAcceptsOnlyWellFormedReplies() {
        assertThat(TimeReply.parse("JAM 23:59:59")).isEqualTo(LocalTime.of(23, 59, 59));
        assertThat(TimeReply.parse("JAM 24:00:00")).isNull();
        assertThat(TimeReply.parse("JAM 1:02:03")).isNull();
        assertThat(TimeReply.parse("TIME")).isNull();
        assertThat(TimeReply.isValid("JAM 01:02:03\r\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(TimeReply.isValid("TIME\r\n".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }
}
