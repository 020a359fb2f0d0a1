package timelab.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ProcessProbeTest {

    @Test
    void seesThisJvmsThreadsDescriptorsAndMemory() throws IOException {
        ProcessSample before = ProcessProbe.self().sample();
        assertThat(before.osThreads()).isGreaterThanOrEqualTo(Thread.activeCount());
        assertThat(before.rssBytes()).isGreaterThan(1 << 20);
        assertThat(before.peakRssBytes()).isGreaterThanOrEqualTo(before.rssBytes());
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            assertThat(a.getLocalPort()).isNotEqualTo(b.getLocalPort());
            assertThat(ProcessProbe.self().openFds()).isGreaterThanOrEqualTo(before.openFds() + 2);
        }
        assertThat(ProcessProbe.self().openFileLimit()).isPositive();
        assertThat(ProcessProbe.self().rssBytes()).isGreaterThan(1 << 20);
    }

    @Test
    void readsTheMachinesMemory() {
        assertThat(ProcessProbe.memTotalBytes()).isGreaterThan(1L << 26);
        assertThat(ProcessProbe.memAvailableBytes()).isPositive().isLessThanOrEqualTo(ProcessProbe.memTotalBytes());
    }

    @Test
    void readsTheKernelLimitsTheExperimentsName() {
        assertThat(ProcessProbe.pidMax()).isPositive();
        assertThat(ProcessProbe.threadsMax()).isPositive();
        assertThat(ProcessProbe.somaxconn()).isPositive();
        assertThat(ProcessProbe.ephemeralPortRange()).hasSize(2);
        assertThat(ProcessProbe.tcpExtCounters()).containsKeys("ListenOverflows", "ListenDrops");
        assertThat(ProcessProbe.machineThreads()).isPositive();
    }

    @Test
    void anUnknownProcessReadsAsUnknownNotAnError() {
        ProcessSample s = ProcessProbe.of(Long.MAX_VALUE).sample();
        assertThat(s.openFds()).isEqualTo(-1);
        assertThat(s.rssBytes()).isEqualTo(-1);
        assertThat(ProcessProbe.of(Long.MAX_VALUE).rssBytes()).isEqualTo(-1);
    }
}
