package timelab.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The only reader of {@code /proc}: resources of one process (threads, descriptors, memory, CPU) and the kernel
 * limits and counters the experiments name as the reason a run stopped. Every method degrades to "unknown"
 * ({@code -1} or empty) where {@code /proc} is missing or unreadable, and never throws.
 *
 * <p>Reading costs a few small file reads; {@link #openFds()} lists a directory, which is O(descriptors).
 */
public final class ProcessProbe {

    private static final Path PROC = Path.of("/proc");

    private final long pid;
    private final Path dir;

    private ProcessProbe(long pid) {
        this.pid = pid;
        this.dir = PROC.resolve(Long.toString(pid));
    }

    /** The probe of this JVM. */
    public static ProcessProbe self() {
        return new ProcessProbe(ProcessHandle.current().pid());
    }

    /** The probe of another process of the same user (e.g. a child JVM). */
    public static ProcessProbe of(long pid) {
        return new ProcessProbe(pid);
    }

    public long pid() {
        return pid;
    }

    /** One reading of this process's resources. */
    public ProcessSample sample() {
        Map<String, String> status = status();
        return new ProcessSample(pid, (int) number(status.get("Threads")), openFds(), kib(status.get("VmRSS")),
                kib(status.get("VmHWM")), cpu());
    }

    /** Open file descriptors (sockets included), or -1. */
    public long openFds() {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
            long n = 0;
            for (Path ignored : fds) {
                n++;
            }
            return n;
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    /** The soft open-file limit of the process ({@code Max open files}), or -1. */
    public long openFileLimit() {
        for (String line : lines(dir.resolve("limits"))) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return f[0].equals("unlimited") ? Long.MAX_VALUE : parse(f[0]);
            }
        }
        return -1;
    }

    /**
     * Resident memory now ({@code VmRSS}), or -1: one small file read, cheap enough to sample many child processes
     * (unlike {@link #sample()}, which also lists the descriptors).
     */
    public long rssBytes() {
        for (String line : lines(dir.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                return kib(line.substring("VmRSS:".length()));
            }
        }
        return -1;
    }

    /** OS threads of the process now ({@code Threads} of its status: JVM-internal ones included), or -1. */
    public int osThreads() {
        for (String line : lines(dir.resolve("status"))) {
            if (line.startsWith("Threads:")) {
                return (int) number(line.substring("Threads:".length()));
            }
        }
        return -1;
    }

    /** User plus system CPU time of the process, or {@link Duration#ZERO} when unknown. */
    public Duration cpu() {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    private Map<String, String> status() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : lines(dir.resolve("status"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                m.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return m;
    }

    // ---- the kernel: limits and counters shared by every process ----

    /** {@code kernel.pid_max}: pids (threads included) the whole machine can have at once, or -1. */
    public static long pidMax() {
        return firstNumber(PROC.resolve("sys/kernel/pid_max"));
    }

    /**
     * {@code MemAvailable} of {@code /proc/meminfo} in bytes: the kernel's estimate of memory that new processes can
     * use without swapping, or -1. What the process client strategy's admission control spends.
     */
    public static long memAvailableBytes() {
        return meminfo("MemAvailable:");
    }

    /** {@code MemTotal} of {@code /proc/meminfo} in bytes, or -1. */
    public static long memTotalBytes() {
        return meminfo("MemTotal:");
    }

    private static long meminfo(String key) {
        for (String line : lines(PROC.resolve("meminfo"))) {
            if (line.startsWith(key)) {
                return kib(line.substring(key.length()));
            }
        }
        return -1;
    }

    /** {@code kernel.threads-max}, or -1. */
    public static long threadsMax() {
        return firstNumber(PROC.resolve("sys/kernel/threads-max"));
    }

    /** {@code vm.max_map_count}: memory mappings per process (each platform thread stack takes some), or -1. */
    public static long maxMapCount() {
        return firstNumber(PROC.resolve("sys/vm/max_map_count"));
    }

    /** {@code net.core.somaxconn}: the cap on any listen backlog, or -1. */
    public static long somaxconn() {
        return firstNumber(PROC.resolve("sys/net/core/somaxconn"));
    }

    /** {@code net.ipv4.tcp_syncookies}, or -1. */
    public static long tcpSyncookies() {
        return firstNumber(PROC.resolve("sys/net/ipv4/tcp_syncookies"));
    }

    /** {@code net.ipv4.tcp_abort_on_overflow}, or -1. */
    public static long tcpAbortOnOverflow() {
        return firstNumber(PROC.resolve("sys/net/ipv4/tcp_abort_on_overflow"));
    }

    /**
     * {@code net.ipv4.tcp_syn_linear_timeouts} (Linux 6.5+): how many SYN retransmissions wait a linear 1 s before
     * the doubling starts; -1 where the kernel has no such setting (the classic 1 s, 2 s, 4 s, … backoff).
     */
    public static long tcpSynLinearTimeouts() {
        return firstNumber(PROC.resolve("sys/net/ipv4/tcp_syn_linear_timeouts"));
    }

    /** {@code net.ipv4.ip_local_port_range} as {@code [low, high]}, or empty. */
    public static long[] ephemeralPortRange() {
        List<String> l = lines(PROC.resolve("sys/net/ipv4/ip_local_port_range"));
        if (l.isEmpty()) {
            return new long[0];
        }
        String[] f = l.get(0).trim().split("\\s+");
        return f.length == 2 ? new long[] {parse(f[0]), parse(f[1])} : new long[0];
    }

    /**
     * The {@code TcpExt} counters of {@code /proc/net/netstat} (what {@code nstat -az} shows), e.g.
     * {@code ListenOverflows}, {@code ListenDrops}, {@code SyncookiesSent}; empty when unreadable.
     */
    public static Map<String, Long> tcpExtCounters() {
        List<String> l = lines(PROC.resolve("net/netstat"));
        for (int i = 0; i + 1 < l.size(); i++) {
            if (l.get(i).startsWith("TcpExt:") && l.get(i + 1).startsWith("TcpExt:")) {
                String[] names = l.get(i).trim().split("\\s+");
                String[] values = l.get(i + 1).trim().split("\\s+");
                Map<String, Long> m = new LinkedHashMap<>();
                for (int k = 1; k < Math.min(names.length, values.length); k++) {
                    m.put(names[k], parse(values[k]));
                }
                return m;
            }
        }
        return Map.of();
    }

    /** The number of threads on the whole machine (every process), or -1: what {@code pid_max} is spent on. */
    public static long machineThreads() {
        for (String line : lines(PROC.resolve("loadavg"))) {
            String[] f = line.split("\\s+");
            if (f.length >= 4 && f[3].contains("/")) {
                return parse(f[3].substring(f[3].indexOf('/') + 1));
            }
        }
        return -1;
    }

    private static long kib(String value) {
        long n = number(value);
        return n < 0 ? -1 : n * 1024;
    }

    private static long number(String value) {
        if (value == null) {
            return -1;
        }
        String first = value.trim().split("\\s+")[0];
        return parse(first);
    }

    private static long firstNumber(Path file) {
        List<String> l = lines(file);
        return l.isEmpty() ? -1 : number(l.get(0));
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    /** Whether the value is known (this probe uses -1 for unknown). */
    public static OptionalLong known(long value) {
        return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
