package timelab.measure;

/**
 * What one side counts itself, for the periodic {@code timelab.Concurrency} event (platform threads and descriptors
 * are measured by the event itself).
 *
 * @param label the server model new connections go to, or the client strategy
 * @param activeConnections connections open now
 * @param peakConnections the most connections open at once so far
 * @param virtualThreads live virtual threads the side started (0 if it starts none)
 * @param peakVirtualThreads the most of them at once so far
 */
public record ConcurrencyCounts(String label, long activeConnections, long peakConnections, long virtualThreads,
        long peakVirtualThreads) {

    public ConcurrencyCounts {
        label = label == null ? "" : label;
    }
}
