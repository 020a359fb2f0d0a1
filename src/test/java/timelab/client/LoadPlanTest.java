package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadPlanTest {

    private static final LoadPlan PLAN = LoadPlan.time("127.0.0.1", 45000, 10);

    @Test
    void theDefaultsAreTheCourseworkPattern() {
        assertThat(PLAN.requests()).isEqualTo(1);
        assertThat(PLAN.exchange()).isEqualTo(LoadPlan.Exchange.TIME);
        assertThat(PLAN.openModel()).isFalse();
        assertThat(PLAN.looping()).isFalse();
        assertThat(PLAN.withDuration(Duration.ofSeconds(1)).looping()).isTrue();
        assertThat(PLAN.withDuration(Duration.ofSeconds(1)).withRate(5, Duration.ZERO).looping()).isFalse();
    }

    @Test
    void rejectsPlansThatCannotRun() {
        assertThatThrownBy(() -> PLAN.withClients(0)).hasMessageContaining("clients");
        assertThatThrownBy(() -> PLAN.withRequests(-1)).hasMessageContaining("requests");
        assertThatThrownBy(() -> PLAN.withHold(true).withDuration(Duration.ofSeconds(1)))
                .hasMessageContaining("hold and duration");
        assertThatThrownBy(() -> PLAN.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("connect-timeout");
        assertThatThrownBy(() -> PLAN.withRate(Double.NaN, Duration.ZERO)).hasMessageContaining("rate");
        assertThatThrownBy(() -> PLAN.withTarget("127.0.0.1", List.of(0), List.of())).hasMessageContaining("port");
        assertThatThrownBy(() -> PLAN.withTarget("127.0.0.1", List.of(), List.of())).hasMessageContaining("port");
        assertThatThrownBy(() -> LoadPlan.Exchange.line("PING\r\n", "", "")).hasMessageContaining("one line");
        assertThatThrownBy(() -> LoadPlan.Exchange.charcount(" ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> LoadPlan.Exchange.charcount("quit")).hasMessageContaining("QUIT");
        assertThatThrownBy(() -> new LoadPlan.Exchange(ExchangeKind.parse("echo"), "x", "", ""))
                .hasMessageContaining("unknown service");
        assertThatThrownBy(() -> new LoadPlan.Spawning(0, 8, true, List.of("Xmx1g"))).hasMessageContaining("'-'");
    }

    @Test
    void thePlanRoundTripsThroughJsonAsChildrenReceiveIt() {
        LoadPlan p = PLAN.withTarget("localhost", List.of(45000, 45001), List.of("127.0.0.2"))
                .withRate(12.5, Duration.ofMillis(1500)).withDuration(Duration.ofSeconds(3))
                .withExchange(LoadPlan.Exchange.charcount("abc{n}a"))
                .withSpawning(new LoadPlan.Spawning(1 << 30, 8, false, List.of("-Xmx64m")));
        assertThat(ClientJson.read(ClientJson.write(p, false), LoadPlan.class)).isEqualTo(p);
    }

    @Test
    void invalidJsonIsRejectedByTheSameValidation() {
        String json = ClientJson.write(PLAN, false).replace("\"clients\":10", "\"clients\":0");
        assertThatThrownBy(() -> ClientJson.read(json, LoadPlan.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clients must be at least 1");
    }
}
