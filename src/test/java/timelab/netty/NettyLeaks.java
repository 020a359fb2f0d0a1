package timelab.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * Fails a test on a Netty buffer never released. The test JVM runs Netty's leak detector at its paranoid level
 * (every buffer tracked) with {@link RecordingLeakDetector} (both set in pom.xml's test argLine); call
 * {@link #assertNone()} after a test has stopped everything it started.
 */
public final class NettyLeaks {

    private NettyLeaks() {}

    /**
     * Collects garbage, makes the detector look at what was collected (it does so when it tracks a new buffer) and
     * fails with every leak reported since the last call.
     */
    public static void assertNone() {
        assertThat(ResourceLeakDetector.getLevel()).as("-Dio.netty.leakDetection.level (pom.xml)")
                .isEqualTo(ResourceLeakDetector.Level.PARANOID);
        for (int i = 0; i < 2; i++) {
            collectGarbage();
            ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer(1);
            direct.release();
            ByteBuf heap = ByteBufAllocator.DEFAULT.heapBuffer(1);
            heap.release();
        }
        List<String> found = List.copyOf(RecordingLeakDetector.LEAKS);
        RecordingLeakDetector.LEAKS.removeAll(found);
        assertThat(found).as("buffers Netty's leak detector found unreleased").isEmpty();
    }

    /**
     * A full collection, and then the wait until the JVM's reference handler has enqueued what it found unreachable
     * (it does so on its own thread, after the collection): a sentinel collected in the same collection is enqueued
     * with them.
     */
    private static void collectGarbage() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.gc();
        try {
            queue.remove(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sentinel.clear();
    }
}
