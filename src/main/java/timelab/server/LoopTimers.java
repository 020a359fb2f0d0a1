package timelab.server;

import java.util.PriorityQueue;

/** The event loop's timers ({@code delay} work, backend timeouts): a heap by due time, used on the loop thread only. */
final class LoopTimers {

    private record Timer(long dueNanos, long seq, Runnable task) { }

    private final PriorityQueue<Timer> heap = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
            ? Long.compare(a.dueNanos - b.dueNanos, 0) : Long.compare(a.seq, b.seq));
    private long seq;

    void add(long dueNanos, Runnable task) {
        heap.add(new Timer(dueNanos, seq++, task));
    }

    /**
     * How long the selector may wait, in milliseconds, at most {@code max}: 0 when a timer is due already (select
     * without waiting), rounded up so that it never wakes before the first is due.
     */
    long waitMillis(long now, long max) {
        Timer first = heap.peek();
        if (first == null) {
            return max;
        }
        long nanos = first.dueNanos - now;
        return nanos <= 0 ? 0 : Math.min(max, (nanos + 999_999) / 1_000_000);
    }

    /** Runs every timer due by {@code now}, in due order. */
    void runDue(long now) {
        Timer t;
        while ((t = heap.peek()) != null && t.dueNanos - now <= 0) {
            heap.poll();
            t.task.run();
        }
    }
}
