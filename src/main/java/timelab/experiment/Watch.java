package timelab.experiment;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import timelab.measure.ProcessProbe;

/**
 * Samples the machine and the server process every 200 ms while a run goes on, keeping the extremes: the evidence a
 * limit is named with (machine threads against {@code pid_max}, memory left, the server's threads and descriptors).
 */
final class Watch implements AutoCloseable {

    private static final long PERIOD_MS = 200;

    private final ProcessProbe server;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile long machineThreads = -1;
    private volatile long minMemAvailable = -1;
    private volatile long serverOsThreads = -1;
    private volatile long serverOpenFds = -1;
    private volatile long serverRss = -1;

    /** @param serverPid the server to watch, -1 for none (an external server) */
    Watch(long serverPid) {
        server = serverPid < 0 ? null : ProcessProbe.of(serverPid);
        thread = Thread.ofPlatform().daemon().name("timelab-experiment-watch").start(this::loop);
    }

    /** The extremes seen so far; -1 where nothing was seen. */
    Run.Observed observed() {
        return new Run.Observed(machineThreads, minMemAvailable, serverOsThreads, serverOpenFds, serverRss);
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }

    private void loop() {
        try {
            do {
                sample();
            } while (!stop.await(PERIOD_MS, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void sample() {
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
