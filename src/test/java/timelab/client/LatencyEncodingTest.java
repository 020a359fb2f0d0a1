package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyEncodingTest {

    /**
     * A client that records a late value while the run's summary is being encoded (a straggler after an
     * interrupt, a hold that ends) must not produce a histogram the parent cannot decode: HdrHistogram writes the
     * header's highest trackable value and then the counts up to the maximum it reads again, so an unguarded
     * encode of a histogram that grows in between is corrupt.
     */
    @Test
    void aSummaryTakenWhileValuesAreStillRecordedAlwaysDecodes() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        long deadline = System.nanoTime() + 2_000_000_000L;
        int decoded = 0;
        while (System.nanoTime() < deadline && decoded < 300) {
            ConcurrentHistogram h = new ConcurrentHistogram(3);
            h.setAutoResize(true);
            stop.set(false);
            Thread writer = Thread.ofPlatform().name("late-recorder").start(() -> {
                long v = 1;
                while (!stop.get()) {
                    h.recordValue(v);
                    v = v >= 50_000_000 ? 1 : v * 2 + 1;
                }
            });
            ClientRun.Latency l = ClientRun.Latency.of(h);
            stop.set(true);
            writer.join();
            Histogram back = l.histogram();
            assertThat(back.getTotalCount()).isEqualTo(l.count());
            decoded++;
        }
        assertThat(decoded).isPositive();
    }
}
