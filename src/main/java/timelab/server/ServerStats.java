package timelab.server;

import java.util.Map;
import java.util.Objects;
import timelab.work.Work;

/**
 * A snapshot of a server's counters. Platform thread figures are the JVM's own ({@code ThreadMXBean}: every live
 * platform thread of the process); virtual thread figures are counted by the server, because the JVM's counters do
 * not see virtual threads (docs/explanation/facts.md).
 *
 * @param model the model new connections currently go to
 * @param accepted connections accepted since start, busy rejections included
 * @param active connections being served now (for {@code fixed}: including those queued for a pool thread)
 * @param peakActive the most connections served at once
 * @param requests commands answered (TIME or any other line that got a reply)
 * @param errorReplies {@code ERROR …} replies sent
 * @param busyRejected connections refused with {@code ERROR busy} over {@code maxConnections}
 * @param acceptFailures failed {@code accept()} calls (e.g. too many open files)
 * @param maxConnections the effective connection cap
 * @param platformThreads live platform threads in the server's JVM
 * @param peakPlatformThreads the JVM's peak of live platform threads
 * @param virtualThreads live virtual threads serving connections
 * @param peakVirtualThreads the most virtual threads serving connections at once
 * @param work the work each request costs ({@code --work})
 * @param inFlight requests read and not yet answered: in work, or queued
 * @param peakInFlight the most requests in flight at once
 * @param queued requests (or accepted connections) waiting for a thread or the event loop to take them up
 * @param peakQueued the most of them at once
 * @param closed how the connections ended, by reason ({@link CloseReason#NO_THREAD}: accepted, but no thread
 *     could be started to serve them)
 */
public record ServerStats(
        ServerModel model,
        long accepted,
        long active,
        long peakActive,
        long requests,
        long errorReplies,
        long busyRejected,
        long acceptFailures,
        int maxConnections,
        int platformThreads,
        int peakPlatformThreads,
        long virtualThreads,
        long peakVirtualThreads,
        Work work,
        long inFlight,
        long peakInFlight,
        long queued,
        long peakQueued,
        Map<CloseReason, Long> closed) {

    public ServerStats {
        Objects.requireNonNull(work, "work");
        closed = Map.copyOf(closed);
    }
}
