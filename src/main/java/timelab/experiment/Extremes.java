package timelab.experiment;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import timelab.measure.PeriodicSampler;
import timelab.measure.ProcessProbe;

/**
 * The machine's and the server's extremes while a run goes on, sampled every 200 ms by a {@link PeriodicSampler}
 * ({@code timelab-experiment-watch}): the evidence a limit is named with (machine threads against {@code pid_max},
 * memory left, the server's threads and descriptors). A server of several processes ({@code --server-processes N})
 * is watched in each of its workers: the totals are the most of their sum at one sample, and each worker keeps its
 * own peaks ({@link #peaks(long)}).
 */
final class Extremes implements AutoCloseable {

    private static final Duration PERIOD = Duration.ofMillis(200);

    /** One process's peaks; -1 where nothing was seen. */
    record Peaks(long osThreads, long openFds, long rssBytes) {
        static final Peaks NONE = new Peaks(-1, -1, -1);

        Peaks max(long threads, long fds, long rss) {
            return new Peaks(Math.max(osThreads, threads), Math.max(openFds, fds), Math.max(rssBytes, rss));
        }
    }

    private final List<ProcessProbe> servers;
    private final Map<Long, Peaks> peaks = new ConcurrentHashMap<>();
    private final PeriodicSampler sampler;
    private volatile long machineThreads = -1;
    private volatile long minMemAvailable = -1;
    private volatile long serverOsThreads = -1;
    private volatile long serverOpenFds = -1;
    private volatile long serverRss = -1;

    /** @param serverPids the server's processes to watch (its workers, or the one), none for an external server */
    Extremes(List<Long> serverPids) {
        servers = serverPids.stream().map(ProcessProbe::of).toList();
        sampler = PeriodicSampler.start("timelab-experiment-watch", PERIOD, this::sample);
    }

    /** The extremes seen so far; -1 where nothing was seen. */
    Run.Observed observed() {
        return new Run.Observed(machineThreads, minMemAvailable, serverOsThreads, serverOpenFds, serverRss);
    }

    /** The peaks of server process {@code pid} seen so far. */
    Peaks peaks(long pid) {
        return peaks.getOrDefault(pid, Peaks.NONE);
    }

    /** Stops sampling after a last sample. */
    @Override
    public void close() {
        sampler.close();
    }

    /** One sample; the sampler runs one at a time. */
    private void sample() {
        machineThreads = Math.max(machineThreads, ProcessProbe.machineThreads());
        long mem = ProcessProbe.memAvailableBytes();
        if (mem >= 0) {
            minMemAvailable = minMemAvailable < 0 ? mem : Math.min(minMemAvailable, mem);
        }
        if (servers.isEmpty()) {
            return;
        }
        long threads = -1;
        long fds = -1;
        long rss = -1;
        for (ProcessProbe server : servers) {
            long t = server.osThreads();
            long f = server.openFds();
            long r = server.rssBytes();
            peaks.merge(server.pid(), Peaks.NONE.max(t, f, r), (a, b) -> a.max(t, f, r));
            threads = plus(threads, t);
            fds = plus(fds, f);
            rss = plus(rss, r);
        }
        serverOsThreads = Math.max(serverOsThreads, threads);
        serverOpenFds = Math.max(serverOpenFds, fds);
        serverRss = Math.max(serverRss, rss);
    }

    /** A sum of figures of which some may be unknown (-1): the known ones, -1 when none is. */
    private static long plus(long sum, long value) {
        return value < 0 ? sum : Math.max(sum, 0) + value;
    }
}
