package timelab.experiment;

import timelab.measure.ProcessProbe;

/**
 * The facts of the machine an experiment ran on: what its limits are named after. -1 where unknown.
 *
 * @param java the JDK ({@code Runtime.version()}): thread counts differ between JDKs
 * @param os kernel name and version
 * @param cpus available processors
 * @param memTotalBytes physical memory
 * @param memAvailableBytes memory available when the experiment started
 * @param pidMax {@code kernel.pid_max}: threads and processes of the whole machine share it
 * @param threadsMax {@code kernel.threads-max}
 * @param maxMapCount {@code vm.max_map_count}: each platform thread stack takes map entries
 * @param openFileLimit a process's open-file limit here (children inherit it; HotSpot raises soft to hard)
 * @param somaxconn {@code net.core.somaxconn}: the kernel caps every listen backlog at it
 * @param tcpSyncookies {@code net.ipv4.tcp_syncookies}
 * @param tcpAbortOnOverflow {@code net.ipv4.tcp_abort_on_overflow}: 0 = a full accept queue drops, 1 = resets
 * @param tcpSynLinearTimeouts {@code net.ipv4.tcp_syn_linear_timeouts}: SYN retries 1 s apart before the backoff
 *     doubles (-1: no such setting, the classic 1 s, 2 s, 4 s, …)
 * @param ephemeralPorts how many local ports one source/destination pair can use
 */
public record Machine(String java, String os, int cpus, long memTotalBytes, long memAvailableBytes, long pidMax,
        long threadsMax, long maxMapCount, long openFileLimit, long somaxconn, long tcpSyncookies,
        long tcpAbortOnOverflow, long tcpSynLinearTimeouts, long ephemeralPorts) {

    /** When a client's kernel resends a dropped SYN, in words (this kernel's schedule). */
    public String synRetries() {
        return tcpSynLinearTimeouts > 0
                ? "every second for the first " + tcpSynLinearTimeouts + " retries (tcp_syn_linear_timeouts="
                        + tcpSynLinearTimeouts + "), then after 2 s, 4 s, …"
                : "after 1 s, then 2 s, 4 s, … later";
    }

    /** This machine, now. */
    public static Machine current() {
        long[] range = ProcessProbe.ephemeralPortRange();
        long ports = range.length == 2 && range[0] > 0 ? range[1] - range[0] + 1 : -1;
        return new Machine(Runtime.version().toString(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                Runtime.getRuntime().availableProcessors(), ProcessProbe.memTotalBytes(),
                ProcessProbe.memAvailableBytes(), ProcessProbe.pidMax(), ProcessProbe.threadsMax(),
                ProcessProbe.maxMapCount(), ProcessProbe.self().openFileLimit(), ProcessProbe.somaxconn(),
                ProcessProbe.tcpSyncookies(), ProcessProbe.tcpAbortOnOverflow(), ProcessProbe.tcpSynLinearTimeouts(),
                ports);
    }
}
