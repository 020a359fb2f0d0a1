package timelab.measure;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;

/**
 * A periodic snapshot (every second) of one side's concurrency. Platform threads and descriptors are the process's
 * (ThreadMXBean, {@code /proc/self/fd}); connections and virtual threads come from the side's own counters, because
 * neither the JVM's thread counters nor {@code jdk.JavaThreadStatistics} see virtual threads.
 */
@Name("timelab.Concurrency")
@Label("Concurrency")
@Description("Connections, platform and virtual threads and open descriptors of one timelab side, every 100 ms")
@Period("100 ms")
final class ConcurrencyEvent extends TimelabEvent {

    @Label("Side")
    @Description("server or client")
    String side;

    @Label("Model or Strategy")
    @Description("The server model new connections go to, or the client strategy")
    String label;

    @Label("Active Connections")
    long activeConnections;

    @Label("Peak Connections")
    @Description("The most connections at once so far (since the side started)")
    long peakConnections;

    @Label("Platform Threads")
    @Description("Live platform threads of the whole JVM (ThreadMXBean)")
    long platformThreads;

    @Label("Peak Platform Threads")
    long peakPlatformThreads;

    @Label("Virtual Threads")
    @Description("Live virtual threads counted by timelab (the JVM's counters do not see them)")
    long virtualThreads;

    @Label("Peak Virtual Threads")
    @Description("The most virtual threads at once so far, counted by timelab")
    long peakVirtualThreads;

    @Label("Open File Descriptors")
    @Description("Open descriptors of the process, sockets included (-1: unknown)")
    long openFds;
}
