package timelab.measure;

import java.time.Duration;

/**
 * One reading of a process's resources; {@code -1} where unknown.
 *
 * @param pid the process
 * @param osThreads every OS thread of the process: the JVM's platform threads plus its own (GC, JIT, …); virtual
 *     threads are not OS threads and do not appear here
 * @param openFds open file descriptors, sockets included
 * @param rssBytes resident memory now
 * @param peakRssBytes the highest resident memory so far ({@code VmHWM})
 * @param cpu user plus system CPU time so far
 */
public record ProcessSample(long pid, int osThreads, long openFds, long rssBytes, long peakRssBytes, Duration cpu) {}
