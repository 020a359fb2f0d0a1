package timelab.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class PeriodicSamplerTest {

    @Test
    void samplesAtStartEveryPeriodOnItsNamedThreadAndOnceMoreAtTheClose() {
        AtomicInteger samples = new AtomicInteger();
        AtomicReference<String> thread = new AtomicReference<>();
        PeriodicSampler sampler = PeriodicSampler.start("timelab-test-sampler", Duration.ofMillis(10), () -> {
            samples.incrementAndGet();
            if (!Thread.currentThread().getName().equals("main")) {
                thread.set(Thread.currentThread().getName());
            }
        });
        assertThat(samples.get()).as("the first sample is taken at the start").isGreaterThanOrEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> samples.get() >= 4);
        assertThat(thread.get()).isEqualTo("timelab-test-sampler");
        sampler.close();
        int afterClose = samples.get();
        sampler.close();
        assertThat(samples.get()).as("a second close does nothing").isEqualTo(afterClose);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("timelab-test-sampler"));
    }

    @Test
    void theSlowStepRunsEveryNthSampleAndAtTheCloseButNotOnDemand() {
        AtomicInteger samples = new AtomicInteger();
        AtomicInteger slow = new AtomicInteger();
        PeriodicSampler sampler = PeriodicSampler.start("timelab-test-sampler", Duration.ofHours(1),
                samples::incrementAndGet, 5, slow::incrementAndGet);
        sampler.sampleNow();
        sampler.sampleNow();
        assertThat(samples.get()).isEqualTo(3);
        assertThat(slow.get()).isZero();
        sampler.close();
        assertThat(samples.get()).isEqualTo(4);
        assertThat(slow.get()).isEqualTo(1);

        AtomicInteger fast = new AtomicInteger();
        AtomicInteger every3 = new AtomicInteger();
        try (PeriodicSampler periodic = PeriodicSampler.start("timelab-test-sampler", Duration.ofMillis(5),
                fast::incrementAndGet, 3, every3::incrementAndGet)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> every3.get() >= 2);
            int slowSeen = every3.get(); // first: the samples only grow after it
            assertThat(fast.get()).as("the start's sample and three periodic ones per slow step")
                    .isGreaterThanOrEqualTo(1 + 3 * slowSeen);
        }
    }

    @Test
    void aPeriodMustBePositive() {
        assertThatThrownBy(() -> PeriodicSampler.start("x", Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
