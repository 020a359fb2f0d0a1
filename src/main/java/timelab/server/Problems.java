package timelab.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells the listener about survivable problems at most once per second per kind, with a count of repeats.
 *
 * <p>Every kind is set up front: a problem is typically a resource running out, and at the open-file limit not even
 * a class can be loaded from a directory on the class path.
 */
final class Problems {

    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(1);

    private final ServerObserver listener;
    private final ConcurrentHashMap<String, Kind> kinds = new ConcurrentHashMap<>();

    Problems(ServerObserver listener, String... kinds) {
        this.listener = listener;
        for (String kind : kinds) {
            this.kinds.put(kind, new Kind());
        }
    }

    /** Reports a problem of one of the kinds given to the constructor. */
    void report(String kind, String message) {
        Kind k = kinds.get(kind);
        long count = k.count.incrementAndGet();
        long now = System.nanoTime();
        long last = k.lastReport.get();
        if ((last == 0 || now - last >= INTERVAL) && k.lastReport.compareAndSet(last, now)) {
            k.count.addAndGet(-count);
            listener.problem(count > 1 ? message + " (" + count + " times since the last report)" : message);
        }
    }

    private static final class Kind {
        final AtomicLong count = new AtomicLong();
        final AtomicLong lastReport = new AtomicLong();
    }
}
