package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientStrategyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "platform, platform",
        "fixed, fixed:4",
        "FIXED:16, fixed:16",
        "cached, cached",
        "virtual, virtual",
        "nio, nio",
        "nio:1, nio",
        "NIO:2, nio:2",
        "process, process",
        "process:3/nio:2, process:3/nio:2",
        "process:4/virtual, process:4/virtual",
        "process:2/fixed:3, process:2/fixed:3",
        "process:2/fixed, process:2/fixed:4",
    })
    void parsesWhatTheLabelPrints(String spec, String label) {
        ClientStrategy s = ClientStrategy.parse(spec, 4);
        assertThat(s.label()).isEqualTo(label);
        assertThat(ClientStrategy.parse(s.label(), 99)).isEqualTo(s);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"threads", "fixed:0", "fixed:x", "virtual:2", "nio:0", "nio:x", "process:4",
        "process:0/virtual",
        "process:2/process", "process:2/process:2/virtual", " "})
    void rejectsWhatItCannotRunSayingWhy(String spec) {
        assertThatThrownBy(() -> ClientStrategy.parse(spec, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"process", "process:3/cached"})
    void oneJvmPerClientIsTheDefaultOfProcess(String spec) {
        ClientStrategy.ChildProcesses p = (ClientStrategy.ChildProcesses) ClientStrategy.parse(spec, 1);
        assertThat(p.perClient()).isEqualTo(spec.equals("process"));
    }
}
