package timelab.experiment;

import java.time.Duration;
import timelab.measure.PeriodicSampler;
import timelab.measure.ProcessProbe;

/**
 * The machine's and the server process's extremes while a run goes on, sampled every 200 ms by a
 * {@link PeriodicSampler} ({@code timelab-experiment-watch}): the evidence a limit is named with (machine threads
 * against {@code pid_max}, memory left, the server's threads and descriptors).
 */
final class Extremes implements AutoCloseable {

    private static final Duration PERIOD = Duration.ofMillis(200);

    private final ProcessProbe server;
    private final PeriodicSampler sampler;
    private volatile long machineThreads = -1;
    private volatile long minMemAvailable = -1;
    private volatile long serverOsThreads = -1;
    private volatile long serverOpenFds = -1;
    private volatile long serverRss = -1;

    /** @param serverPid the server to watch, -1 for none (an external server) */
    Extremes(long serverPid) {
        server = serverPid < 0 ? null : ProcessProbe.of(serverPid);
        sampler = PeriodicSampler.start("timelab-experiment-watch", PERIOD, this::sample);
    }

    /** The extremes seen so far; -1 where nothing was seen. */
    Run.Observed observed() {
        return new Run.Observed(machineThreads, minMemAvailable, serverOsThreads, serverOpenFds, serverRss);
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
        if (server != null) {
            serverOsThreads = Math.max(serverOsThreads, server.osThreads());
            serverOpenFds = Math.max(serverOpenFds, server.openFds());
            serverRss = Math.max(serverRss, server.rssBytes());
        }
    }
}
