package timelab.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import timelab.work.Work;

/** The server's counters, updated from any thread without locks; {@link #snapshot} makes a {@link ServerStats}. */
final class Counters {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    final LongAdder accepted = new LongAdder();
    final LongAdder requests = new LongAdder();
    final LongAdder errorReplies = new LongAdder();
    final LongAdder busyRejected = new LongAdder();
    final LongAdder acceptFailures = new LongAdder();
    private final Gauge active = new Gauge();
    private final Gauge virtualThreads = new Gauge();
    /** Requests read and not yet answered. */
    final Gauge inFlight = new Gauge();
    /** Requests or accepted connections waiting for a thread or the loop. */
    final Gauge queued = new Gauge();
    private final Map<CloseReason, LongAdder> closed = new EnumMap<>(CloseReason.class);
    private final ConcurrentHashMap<String, LongAdder> servedByModel = new ConcurrentHashMap<>();

    Counters() {
        for (CloseReason r : CloseReason.values()) {
            closed.put(r, new LongAdder());
        }
    }

    long opened() {
        return active.up();
    }

    void closed(CloseReason reason, String model) {
        active.down();
        closed.get(reason).increment();
        servedByModel.computeIfAbsent(model, m -> new LongAdder()).increment();
    }

    /** Ended connections by the label of the model that served them, sorted by label. */
    Map<String, Long> servedByModel() {
        Map<String, Long> m = new TreeMap<>();
        servedByModel.forEach((model, n) -> m.put(model, n.sum()));
        return m;
    }

    long active() {
        return active.value();
    }

    void virtualStarted() {
        virtualThreads.up();
    }

    void virtualEnded() {
        virtualThreads.down();
    }

    ServerStats snapshot(ServerModel model, Work work, int maxConnections) {
        Map<CloseReason, Long> byReason = new EnumMap<>(CloseReason.class);
        closed.forEach((r, n) -> byReason.put(r, n.sum()));
        return new ServerStats(model, accepted.sum(), active.value(), active.peak(), requests.sum(),
                errorReplies.sum(), busyRejected.sum(), acceptFailures.sum(), maxConnections,
                THREADS.getThreadCount(), THREADS.getPeakThreadCount(), virtualThreads.value(), virtualThreads.peak(),
                work, inFlight.value(), inFlight.peak(), queued.value(), queued.peak(), byReason);
    }

    /** A level with its high-water mark. */
    static final class Gauge {
        private final AtomicLong value = new AtomicLong();
        private final AtomicLong peak = new AtomicLong();

        long up() {
            long v = value.incrementAndGet();
            peak.accumulateAndGet(v, Math::max);
            return v;
        }

        void down() {
            value.decrementAndGet();
        }

        long value() {
            return value.get();
        }

        long peak() {
            return peak.get();
        }
    }
}
