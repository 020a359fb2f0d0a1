package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HoldGateTest {

    private static Thread arrive(HoldGate gate, boolean connected, AtomicLong passed) {
        return Thread.ofVirtual().start(() -> {
            gate.arrive(connected);
            passed.incrementAndGet();
        });
    }

    @Test
    void connectedClientsWaitUntilEveryClientHasArrivedFailuresDoNot() throws Exception {
        AtomicLong passed = new AtomicLong();
        AtomicLong held = new AtomicLong(-1);
        HoldGate gate = new HoldGate(4, Long.MAX_VALUE, () -> 3, held::set);
        List<Thread> t = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            t.add(arrive(gate, true, passed));
        }
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> passed.get() == 0);
        t.add(arrive(gate, false, passed)); // the last one failed to connect: that completes the wave
        for (Thread x : t) {
            x.join(10_000);
        }
        assertThat(passed).hasValue(4);
        assertThat(held).hasValue(3);
        assertThat(gate.heldAtOnce()).isEqualTo(3);
    }

    @Test
    void aCappedStrategyIsHeldInWavesOfItsCap() throws Exception {
        AtomicLong passed = new AtomicLong();
        HoldGate gate = new HoldGate(5, 2, () -> 2, open -> {});
        arrive(gate, true, passed);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5)).until(() -> passed.get() == 0);
        arrive(gate, true, passed);
        await().atMost(Duration.ofSeconds(10)).until(() -> passed.get() == 2);
        arrive(gate, true, passed);
        arrive(gate, true, passed);
        await().atMost(Duration.ofSeconds(10)).until(() -> passed.get() == 4);
        arrive(gate, true, passed); // the last, short wave of one
        await().atMost(Duration.ofSeconds(10)).until(() -> passed.get() == 5);
        assertThat(gate.heldAtOnce()).isEqualTo(2);
    }

    @Test
    void theFirstWaveHookRunsBeforeItsWaveIsReleased() throws Exception {
        CountDownLatch parentSaysGo = new CountDownLatch(1);
        AtomicLong passed = new AtomicLong();
        HoldGate gate = new HoldGate(2, Long.MAX_VALUE, () -> 2, open -> {
            try {
                parentSaysGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        arrive(gate, true, passed);
        arrive(gate, true, passed);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> passed.get() == 0);
        parentSaysGo.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> passed.get() == 2);
    }

    @Test
    void releaseLetsEveryoneGo() {
        AtomicLong passed = new AtomicLong();
        HoldGate gate = new HoldGate(10, Long.MAX_VALUE, () -> 0, open -> {});
        arrive(gate, true, passed);
        arrive(gate, true, passed);
        gate.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> passed.get() == 2);
        assertThat(gate.heldAtOnce()).isEqualTo(-1);
    }

    @Test
    void anArrivalThatMustNotBlockIsToldWhenItsWaveMayGo() {
        AtomicLong held = new AtomicLong(-1);
        HoldGate gate = new HoldGate(3, Long.MAX_VALUE, () -> 2, held::set);
        long first = gate.arriveNoWait(true);
        long second = gate.arriveNoWait(true);
        assertThat(gate.passes(first)).isFalse();
        assertThat(gate.passes(second)).isFalse();
        assertThat(held).hasValue(-1);
        gate.arriveNoWait(false); // the last one failed: the wave is complete, the hook ran on this thread
        assertThat(held).hasValue(2);
        assertThat(gate.passes(first)).isTrue();
        assertThat(gate.passes(second)).isTrue();
    }

    @Test
    void wavesOfACappedStrategyPassInTurnWithoutBlocking() {
        HoldGate gate = new HoldGate(4, 2, () -> 2, open -> {});
        long a = gate.arriveNoWait(true);
        assertThat(gate.passes(a)).isFalse();
        long b = gate.arriveNoWait(true);
        assertThat(gate.passes(a)).isTrue();
        assertThat(gate.passes(b)).isTrue();
        long c = gate.arriveNoWait(true);
        assertThat(gate.passes(c)).isFalse();
        gate.release();
        assertThat(gate.passes(c)).isTrue();
    }
}
