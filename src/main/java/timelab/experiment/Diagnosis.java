package timelab.experiment;

import static timelab.client.FailureKind.BUSY;
import static timelab.client.FailureKind.CHILD_DIED;
import static timelab.client.FailureKind.CONNECT_TIMEOUT;
import static timelab.client.FailureKind.EPHEMERAL_PORTS_EXHAUSTED;
import static timelab.client.FailureKind.NEVER_SERVED;
import static timelab.client.FailureKind.PROCESS_SPAWN_FAILED;
import static timelab.client.FailureKind.REFUSED;
import static timelab.client.FailureKind.THREAD_CREATION_FAILED;
import static timelab.client.FailureKind.TOO_MANY_OPEN_FILES;

import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import timelab.client.ClientRun;
import timelab.client.FailureKind;

/**
 * Names the resource behind a limit, from the first failing step's evidence: the failures' kinds
 * (docs/reference/report-json.md), both processes' peaks, the server's counters, the kernel's counters and the
 * machine's limits. Pure: the same runs give the same finding, so every rule is tested on made-up runs.
 */
public final class Diagnosis {

    /** What ran out, and the paragraph that says so with its numbers. */
    public record Finding(Resource resource, String reason) {}

    private Diagnosis() {}

    /**
     * @param stop why the search stopped
     * @param maximum the largest good step
     * @param ceiling the most clients the search would try
     * @param firstBad the first failing step, or {@code null}
     * @param lastGood the largest good step's run, or {@code null}
     * @param timeOption the option of the command that ran the search which gives it more time, named in advice
     */
    public static Finding of(LimitSearch.Stop stop, int maximum, int ceiling, Run firstBad, Run lastGood,
            Machine machine, String timeOption) {
        if (firstBad == null) {
            if (stop == LimitSearch.Stop.TIME) {
                return new Finding(Resource.TIME, String.format(Locale.ROOT, "%s ran out after %,d clients "
                        + "without a failure: the limit is above that; pass a longer %s.", timeOption, maximum,
                        timeOption));
            }
            String held = lastGood == null || lastGood.client() == null ? ""
                    : String.format(Locale.ROOT, " At %,d clients the client had at most %,d connections open at once"
                            + "%s.", lastGood.clients(), lastGood.client().peakConnections(),
                            lastGood.client().peakConnections() < lastGood.clients() / 2
                                    ? ": it never runs more than that many at once, so the number of clients is not "
                                    + "what threads or descriptors limit" : "");
            return new Finding(Resource.NONE, String.format(Locale.ROOT,
                    "No failure up to the ceiling of %,d clients.%s", ceiling, held));
        }
        Finding f = diagnose(firstBad, machine);
        String cut = stop == LimitSearch.Stop.TIME ? String.format(Locale.ROOT, " (%s ran out while bisecting: "
                + "the limit is between %,d and %,d)", timeOption, maximum, firstBad.clients()) : "";
        String failed = firstBad.failed() == 0
                ? String.format(Locale.ROOT, "%,d served, none failed", firstBad.succeeded())
                : String.format(Locale.ROOT, "%s failed (%s)", firstBad.failed() == firstBad.clients() ? "all"
                        : String.format(Locale.ROOT, "%,d", firstBad.failed()), kinds(firstBad));
        return new Finding(f.resource(), String.format(Locale.ROOT, "%,d clients: %s%s. %s", firstBad.clients(),
                failed, cut, f.reason()));
    }

    /** The finding for one failing run. */
    static Finding diagnose(Run bad, Machine m) {
        Run.Server s = bad.server();
        Run.Client c = bad.client();
        Run.Observed o = bad.observed();
        if (bad.error() != null && c != null) {
            return new Finding(Resource.TIME, String.format(Locale.ROOT, "The step was stopped before it finished "
                    + "(%s): %,d of %,d clients got their reply, %,d failed; the rest never started. Give the search "
                    + "more time.", bad.error(), bad.succeeded(), bad.clients(), bad.failed()));
        }
        if (bad.error() != null) {
            return new Finding(Resource.UNKNOWN, "The client left no result: " + bad.error());
        }
        if (bad.failures(TOO_MANY_OPEN_FILES) > 0) {
            return clientFds(bad, m);
        }
        if (bad.failures(BUSY) > 0) {
            return serverConnections(bad, m);
        }
        if (s != null && s.acceptFailures() > 0) {
            return new Finding(Resource.SERVER_FDS, s.processes() == 1
                    ? String.format(Locale.ROOT, "The server's accept() failed %,d times (most likely too many open "
                            + "files: its limit is %,d, it had %,d open).", s.acceptFailures(), m.openFileLimit(),
                            o.serverPeakOpenFds())
                    : String.format(Locale.ROOT, "The server's accept() failed %,d times (most likely too many open "
                            + "files: each of its %d processes has a limit of %,d; together they had %,d open, at "
                            + "most %,d in one).", s.acceptFailures(), s.processes(), m.openFileLimit(),
                            o.serverPeakOpenFds(), mostInOne(s, Run.Worker::peakOpenFds)));
        }
        boolean clientThreads = bad.failures(THREAD_CREATION_FAILED) > 0;
        boolean serverThreads = s != null && s.noThread() > 0;
        if (clientThreads || serverThreads) {
            return threads(bad, m, clientThreads, serverThreads);
        }
        if (bad.failures(EPHEMERAL_PORTS_EXHAUSTED) > 0) {
            return new Finding(Resource.EPHEMERAL_PORTS, String.format(Locale.ROOT, "The client's kernel had no "
                    + "free local port: %,d ports per source/destination pair, TIME_WAIT included. %s",
                    m.ephemeralPorts(), example(bad, EPHEMERAL_PORTS_EXHAUSTED)));
        }
        if (bad.failures(PROCESS_SPAWN_FAILED) > 0 || bad.failures(CHILD_DIED) > 0) {
            return children(bad, m);
        }
        long overflows = bad.kernel().getOrDefault("ListenOverflows", 0L);
        long queueFailures = bad.failures(CONNECT_TIMEOUT) + bad.failures(NEVER_SERVED) + bad.failures(REFUSED);
        if (queueFailures > 0) {
            return new Finding(Resource.ACCEPT_QUEUE, String.format(Locale.ROOT, "Connections were not accepted "
                    + "in time: the kernel counted %,d accept-queue overflows (ListenOverflows) while the server's "
                    + "backlog was %s (somaxconn %,d); a full queue drops SYNs (tcp_abort_on_overflow=%d), so "
                    + "clients see connect timeouts or, with SYN cookies, connections that are never served.",
                    overflows, s == null ? "unknown" : String.format(Locale.ROOT, "%,d", s.backlog()),
                    m.somaxconn(), m.tcpAbortOnOverflow()));
        }
        if (o != null && o.minMemAvailableBytes() >= 0 && m.memTotalBytes() > 0
                && o.minMemAvailableBytes() < m.memTotalBytes() / 20) {
            return new Finding(Resource.MEMORY, String.format(Locale.ROOT, "Memory ran low: MemAvailable fell to "
                    + "%s of %s.", mib(o.minMemAvailableBytes()), mib(m.memTotalBytes())));
        }
        return new Finding(Resource.SERVER_STALLED, String.format(Locale.ROOT, "The server accepted the "
                + "connections but did not answer all of them: %s.", examples(bad)));
    }

    private static Finding clientFds(Run bad, Machine m) {
        return new Finding(Resource.CLIENT_FDS, String.format(Locale.ROOT, "The client ran out of file "
                + "descriptors: its open-file limit is %,d and it had %,d open (one per connection, plus the JVM's "
                + "own). %s%s", m.openFileLimit(), bad.client().resources().peakOpenFds(),
                example(bad, TOO_MANY_OPEN_FILES), bad.failures(BUSY) == 0 ? "" : String.format(Locale.ROOT,
                        " The server was at its --max-connections too (ERROR busy ×%,d): every process has the "
                                + "same open-file limit.", bad.failures(BUSY))));
    }

    /** The most of {@code field} in one of the server's worker processes, -1 when unknown. */
    private static long mostInOne(Run.Server s, ToLongFunction<Run.Worker> field) {
        return s.workers().stream().mapToLong(field).max().orElse(-1);
    }

    private static Finding serverConnections(Run bad, Machine m) {
        Run.Server s = bad.server();
        return new Finding(Resource.SERVER_CONNECTIONS, s == null
                ? String.format(Locale.ROOT, "The server answered ERROR busy %,d times: it was at its "
                        + "--max-connections (by default derived from its open-file limit).", bad.failures(BUSY))
                : s.processes() == 1
                ? String.format(Locale.ROOT, "The server turned connections away past its --max-connections of "
                        + "%,d (ERROR busy ×%,d); that default is derived from its open-file limit of %,d, so "
                        + "descriptors are what runs out: one process holds at most about that many sockets.",
                        s.maxConnections(), s.busy(), m.openFileLimit())
                : String.format(Locale.ROOT, "The server's %d processes turned connections away past their "
                        + "--max-connections of %,d in total (ERROR busy ×%,d; they held %,d at most, %,d at most in "
                        + "one): each one's cap is its own, derived from its open-file limit of %,d, and the kernel "
                        + "spreads connections by a hash, not evenly, so one process reaches its cap first.",
                        s.processes(), s.maxConnections(), s.busy(), s.peakConnections(),
                        mostInOne(s, Run.Worker::peakConnections), m.openFileLimit()));
    }

    private static Finding threads(Run bad, Machine m, boolean client, boolean server) {
        Run.Observed o = bad.observed();
        Run.Client c = bad.client();
        long clientOs = c == null ? -1 : c.resources().peakOsThreads();
        long serverOs = o == null ? -1 : o.serverPeakOsThreads();
        String who = client && server ? "Neither side could start more threads"
                : client ? "The client JVM could not start another thread"
                : "The server could not start a thread for " + bad.server().noThread() + " connections (closed "
                        + "no-thread)";
        long machineThreads = o == null ? -1 : o.peakMachineThreads();
        String counts = String.format(Locale.ROOT, "the machine had %,d threads at the peak (client %,d, server "
                + "%,d)", machineThreads, clientOs, serverOs);
        String limit;
        if (m.pidMax() > 0 && machineThreads >= m.pidMax() * 95 / 100) {
            limit = String.format(Locale.ROOT, "pid_max %,d is shared by every thread of every process, both JVMs "
                    + "included: %s", m.pidMax(), counts);
        } else if (m.threadsMax() > 0 && machineThreads >= m.threadsMax() * 95 / 100) {
            limit = String.format(Locale.ROOT, "threads-max %,d: %s", m.threadsMax(), counts);
        } else if (m.maxMapCount() > 0 && Math.max(clientOs, serverOs) * 2 >= m.maxMapCount() * 95 / 100) {
            limit = String.format(Locale.ROOT, "vm.max_map_count %,d: each platform thread's stack takes two memory "
                    + "maps (stack and guard page) in its process; %s", m.maxMapCount(), counts);
        } else if (o != null && o.minMemAvailableBytes() >= 0 && o.minMemAvailableBytes() < m.memTotalBytes() / 20) {
            limit = String.format(Locale.ROOT, "memory: MemAvailable fell to %s; %s", mib(o.minMemAvailableBytes()),
                    counts);
        } else {
            limit = String.format(Locale.ROOT, "no machine limit was near (pid_max %,d, threads-max %,d, "
                    + "max_map_count %,d): %s; the process's own limit (ulimit -u, cgroup pids.max) is likely",
                    m.pidMax(), m.threadsMax(), m.maxMapCount(), counts);
        }
        String ex = client ? " " + example(bad, THREAD_CREATION_FAILED) : "";
        return new Finding(Resource.THREADS, who + ": " + limit + "." + ex);
    }

    private static Finding children(Run bad, Machine m) {
        ClientRun.Children ch = bad.client() == null ? null : bad.client().children();
        String cost = ch == null || ch.spawned() == 0 ? "" : String.format(Locale.ROOT, " Each child JVM cost "
                + "about %s of resident memory and %.2f CPU-seconds (%,d started, %,d could not be).",
                mib(ch.sumPeakRssBytes() / ch.spawned()), ch.cpuSeconds() / ch.spawned(), ch.spawned(),
                ch.spawnFailed());
        String ex = bad.failures(PROCESS_SPAWN_FAILED) > 0 ? example(bad, PROCESS_SPAWN_FAILED)
                : example(bad, CHILD_DIED);
        return new Finding(Resource.CHILD_PROCESSES, "The client could not start (or keep) one JVM per client." + cost
                + " " + ex + String.format(Locale.ROOT, " Memory: %s total.", mib(m.memTotalBytes())));
    }

    static String kinds(Run r) {
        if (r.failures().isEmpty()) {
            return r.error() != null ? "no result" : "no kind";
        }
        return r.failures().entrySet().stream().sorted(Map.Entry.<FailureKind, Long>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s ×%,d", e.getKey().label(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String example(Run r, FailureKind kind) {
        String e = r.examples().get(kind);
        return e == null ? "" : "Seen: \"" + e + "\".";
    }

    private static String examples(Run r) {
        return r.examples().entrySet().stream().map(e -> e.getKey().label() + ": \"" + e.getValue() + "\"")
                .collect(Collectors.joining("; "));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / (1024.0 * 1024));
    }
}
