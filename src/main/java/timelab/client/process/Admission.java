package timelab.client.process;

/**
 * Admission control for child JVMs: whether one more may start without pushing the machine past a floor of free
 * memory or free pids. Pure; {@link ProcessEngine} feeds it {@code /proc} readings ({@code ProcessProbe}).
 *
 * <p>Children that have been started but are not up yet have not shown their full footprint in {@code MemAvailable}
 * or the thread count, so each of them is charged the estimate again.
 *
 * @param floorBytes {@code MemAvailable} must stay above this
 * @param childBytes estimated resident memory of one child
 * @param threadsPerChild estimated OS threads of one child (each takes a pid)
 */
record Admission(long floorBytes, long childBytes, long threadsPerChild) {

    /** Before any child reported: a cheap child measured 40–50 MiB here; charge more to be safe. */
    static final long INITIAL_CHILD_BYTES = 64L << 20;
    /** A cheap child runs ~15–20 OS threads (JVM-internal included) plus its clients' platform threads. */
    static final long INITIAL_THREADS_PER_CHILD = 24;

    /**
     * Why one more child must not start now, or {@code null} when it may.
     *
     * @param memAvailable {@code MemAvailable} now, -1 when unknown (then memory does not refuse)
     * @param starting children started but not up yet
     * @param machineThreads threads on the whole machine now, -1 when unknown
     * @param pidMax {@code kernel.pid_max}, -1 when unknown; a quarter of it is kept free for everyone else
     */
    String refusal(long memAvailable, long starting, long machineThreads, long pidMax) {
        long charged = childBytes * (starting + 1);
        if (memAvailable >= 0 && memAvailable - charged < floorBytes) {
            return String.format("admission control: MemAvailable %d MiB minus %d starting child(ren) at ~%d MiB each "
                            + "would fall below the floor of %d MiB (--min-mem-available)", mib(memAvailable),
                    starting + 1, mib(childBytes), mib(floorBytes));
        }
        if (machineThreads >= 0 && pidMax > 0
                && machineThreads + threadsPerChild * (starting + 1) > pidMax - pidMax / 4) {
            return String.format("admission control: the machine runs %d threads; %d more child(ren) at ~%d threads "
                            + "each would leave less than a quarter of pid_max %d free", machineThreads, starting + 1,
                    threadsPerChild, pidMax);
        }
        return null;
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
