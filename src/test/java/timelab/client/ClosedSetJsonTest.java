package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import timelab.experiment.ServerUnderTest;
import timelab.server.ServerModel;
import timelab.service.ServiceKind;

/** Every closed set is written in JSON as its label, and read back as itself where JSON is read. */
class ClosedSetJsonTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @EnumSource(FailureKind.class)
    void aFailureKindIsItsLabelAsValueAndAsKey(FailureKind kind) throws Exception {
        assertThat(JSON.writeValueAsString(kind)).isEqualTo("\"" + kind.label() + "\"");
        assertThat(JSON.readValue("\"" + kind.label() + "\"", FailureKind.class)).isEqualTo(kind);
        Map<FailureKind, Long> byKind = new EnumMap<>(FailureKind.class);
        byKind.put(kind, 3L);
        assertThat(JSON.writeValueAsString(byKind)).isEqualTo("{\"" + kind.label() + "\":3}");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ExchangeKind.class)
    void anExchangeKeepsItsServicesLabelInThePlansJson(ExchangeKind kind) {
        LoadPlan.Exchange e = new LoadPlan.Exchange(kind, "abc{n}a", "", "QUIT");
        LoadPlan plan = LoadPlan.time("127.0.0.1", 45000, 1).withExchange(e);
        String json = ClientJson.write(plan, false);
        assertThat(json).contains("\"exchange\":{\"service\":\"" + kind.label() + "\",\"send\":\"abc{n}a\"");
        assertThat(ClientJson.read(json, LoadPlan.class)).isEqualTo(plan);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServiceKind.class)
    void aServersServiceIsItsLabel(ServiceKind kind) throws Exception {
        assertThat(JSON.writeValueAsString(kind)).isEqualTo("\"" + kind.label() + "\"");
        assertThat(JSON.readValue("\"" + kind.label() + "\"", ServiceKind.class)).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"platform", "fixed:3", "cached", "virtual", "nio", "nio:2", "process",
        "process:2/virtual", "process:2/fixed:3", "netty:1/io_uring", "netty:2/epoll", "netty:1/nio",
        "process:2/netty:1/io_uring"})
    void aStrategyIsItsLabel(String label) throws Exception {
        ClientStrategy s = ClientStrategy.parse(label, 1);
        assertThat(JSON.writeValueAsString(s)).isEqualTo("\"" + label + "\"");
    }

    @Test
    void aModelAndTheServerUnderTestAreTheirLabelsExternalIncluded() throws Exception {
        for (ServerModel m : ServerModel.all(3)) {
            assertThat(JSON.writeValueAsString(m)).isEqualTo("\"" + m.label() + "\"");
            assertThat(JSON.writeValueAsString(new ServerUnderTest.Child(m))).isEqualTo("\"" + m.label() + "\"");
        }
        assertThat(JSON.writeValueAsString(new ServerUnderTest.External(
                InetSocketAddress.createUnresolved("example.org", 6379)))).isEqualTo("\"external\"");
    }
}
