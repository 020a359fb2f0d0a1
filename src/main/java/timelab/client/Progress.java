package timelab.client;

/**
 * A live snapshot of a running {@link LoadGenerator}, for progress displays.
 *
 * @param elapsedNanos since the run started
 * @param planned clients the run will start, or -1 when it runs for a duration
 * @param started clients started so far (connections attempted)
 * @param ok clients finished with every reply right
 * @param failed clients finished with a failure
 * @param open connections open right now
 * @param peakOpen the most connections open at once so far
 * @param virtualThreads live virtual threads carrying clients in this JVM, counted by the client (the JVM's own
 *     counters do not see them); 0 for {@code process}, whose clients run in the children
 * @param peakVirtualThreads the most of them at once so far
 * @param childrenLive child JVMs running now ({@code process} only, else 0)
 */
public record Progress(long elapsedNanos, long planned, long started, long ok, long failed, long open,
        long peakOpen, long virtualThreads, long peakVirtualThreads, long childrenLive) {

    public long finished() {
        return ok + failed;
    }
}
