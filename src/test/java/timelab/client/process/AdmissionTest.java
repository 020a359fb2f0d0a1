package timelab.client.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final long MIB = 1 << 20;
    private final Admission admission = new Admission(1024 * MIB, 50 * MIB, 20);

    @Test
    void aChildStartsWhileMemoryAndPidsStayAboveTheirFloors() {
        assertThat(admission.refusal(4096 * MIB, 0, 1000, 32768)).isNull();
        assertThat(admission.refusal(-1, 0, -1, -1)).as("unknown readings do not refuse").isNull();
    }

    @Test
    void memoryBelowTheFloorRefusesAndChargesChildrenStillStarting() {
        assertThat(admission.refusal(1080 * MIB, 0, 1000, 32768)).isNull();
        assertThat(admission.refusal(1080 * MIB, 1, 1000, 32768))
                .contains("MemAvailable 1080 MiB").contains("2 starting").contains("floor of 1024 MiB");
    }

    @Test
    void aMachineNearPidMaxRefusesLeavingAQuarterForEveryoneElse() {
        // a quarter of 32768 kept free: at most 24576 threads
        assertThat(admission.refusal(4096 * MIB, 0, 24_560, 32768)).contains("pid_max 32768");
        assertThat(admission.refusal(4096 * MIB, 0, 24_550, 32768)).isNull();
    }
}
