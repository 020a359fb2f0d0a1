package timelab.client;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The counters of one run, updated from any client thread without blocking (adders, atomics and HdrHistogram's
 * wait-free {@link ConcurrentHistogram}); the failure examples take a short lock only the first few times per kind.
 */
public final class Tally {

    private static final int EXAMPLES = 5;

    final LongAdder started = new LongAdder();
    final LongAdder ok = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder requests = new LongAdder();
    final Gauge open = new Gauge();
    final Gauge virtualThreads = new Gauge();
    final Histogram connect = concurrentHistogram();
    final Histogram request = concurrentHistogram();
    private final Map<FailureKind, LongAdder> byKind = new EnumMap<>(FailureKind.class);
    private final Map<FailureKind, List<String>> examples = new EnumMap<>(FailureKind.class);

    Tally() {
        for (FailureKind k : FailureKind.values()) {
            byKind.put(k, new LongAdder());
            examples.put(k, new ArrayList<>());
        }
    }

    /** Counts a finished client. */
    void finished(Outcome outcome) {
        switch (outcome) {
            case Outcome.Ok ok1 -> ok.increment();
            case Outcome.Failed f -> {
                failed.increment();
                byKind.get(f.kind()).increment();
                example(f.kind(), f.rawMessage());
            }
        }
    }

    /**
     * Adds a whole run at once (a child JVM's report): its clients, successes, requests, failures by kind with
     * their examples, and both latency histograms.
     */
    public void addRun(ClientRun run) {
        started.add(run.clients());
        ok.add(run.succeeded());
        requests.add(run.requests());
        for (ClientRun.FailureCount f : run.failures().values()) {
            addFailures(FailureKind.ofLabel(f.kind()), f.count(), f.examples());
        }
        connect.add(run.connect().histogram());
        request.add(run.request().histogram());
    }

    /** Adds {@code n} clients that started and failed with one kind (a child that died or never started). */
    public void addFailedClients(FailureKind kind, long n, List<String> seen) {
        started.add(n);
        addFailures(kind, n, seen);
    }

    /** Adds {@code n} failures of one kind at once with their examples. */
    void addFailures(FailureKind kind, long n, List<String> seen) {
        failed.add(n);
        byKind.get(kind).add(n);
        seen.forEach(m -> example(kind, m));
    }

    private void example(FailureKind kind, String raw) {
        List<String> l = examples.get(kind);
        synchronized (l) {
            if (l.size() < EXAMPLES && !l.contains(raw)) {
                l.add(raw);
            }
        }
    }

    long failures(FailureKind kind) {
        return byKind.get(kind).sum();
    }

    /** The failures that happened, in the taxonomy's order. */
    Map<String, ClientRun.FailureCount> failureCounts() {
        Map<String, ClientRun.FailureCount> m = new LinkedHashMap<>();
        for (FailureKind k : FailureKind.values()) {
            long n = byKind.get(k).sum();
            if (n > 0) {
                List<String> l = examples.get(k);
                List<String> copy;
                synchronized (l) {
                    copy = List.copyOf(l);
                }
                m.put(k.label(), new ClientRun.FailureCount(k.label(), n, k.explain(), copy));
            }
        }
        return m;
    }

    Progress progress(long elapsedNanos, long planned, long childrenLive) {
        return new Progress(elapsedNanos, planned, started.sum(), ok.sum(), failed.sum(), open.value(), open.peak(),
                virtualThreads.value(), virtualThreads.peak(), childrenLive);
    }

    private static Histogram concurrentHistogram() {
        ConcurrentHistogram h = new ConcurrentHistogram(3);
        h.setAutoResize(true);
        return h;
    }

    /** A level with its high-water mark. */
    public static final class Gauge {
        private final AtomicLong value = new AtomicLong();
        private final AtomicLong peak = new AtomicLong();

        public void up() {
            long v = value.incrementAndGet();
            peak.accumulateAndGet(v, Math::max);
        }

        public void down() {
            value.decrementAndGet();
        }

        /** Sets the level (a sum reported from elsewhere), raising the peak if needed. */
        public void set(long v) {
            value.set(v);
            peak.accumulateAndGet(v, Math::max);
        }

        public long value() {
            return value.get();
        }

        public long peak() {
            return peak.get();
        }
    }
}
