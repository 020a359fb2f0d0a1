package timelab.measure;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes a JSON thread dump ({@link ThreadDumps}) when a side's concurrency peaks: once the most active connections
 * seen so far has not grown for {@code settle} (1 s on the command line) and the connections are still there
 * (at least 90% of that peak), so a ramp of 1,000 connections gives one dump, not 1,000. A later, higher peak (at
 * least 10% higher) replaces the file; at most {@value #MAX_DUMPS} dumps per run.
 *
 * <p>One platform daemon thread ({@code timelab-peak-dump}) polls the side's counts every {@code settle / 10}
 * (at least 20 ms, at most 100 ms). Everything a dump needs is loaded at start, and a dump needs one file
 * descriptor, so it works near the open-file limit (the server keeps 32 descriptors free by default).
 */
public final class PeakThreadDump implements AutoCloseable {

    static final int MAX_DUMPS = 10;
    private static final int MAX_FAILURES = 3;

    private final ConcurrencySource source;
    private final Path file;
    private final long settleNanos;
    private final Consumer<String> report;
    private final ScheduledExecutorService poller;
    // the poller thread's state
    private long high;
    private long highSince;
    private long dumpedPeak;
    private int dumps;
    private int failures;
    private volatile Path written;

    private PeakThreadDump(ConcurrencySource source, Path file, Duration settle, Consumer<String> report) {
        this.source = source;
        this.file = file.toAbsolutePath();
        this.settleNanos = settle.toNanos();
        this.report = report;
        this.poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("timelab-peak-dump").daemon().factory());
    }

    /**
     * Starts watching {@code source}.
     *
     * @param file the dump's file (created or replaced at each dump)
     * @param settle how long the peak must hold before it is dumped
     * @param report told (on the poller thread) about each dump written or failed, one line each
     */
    public static PeakThreadDump start(ConcurrencySource source, Path file, Duration settle,
            Consumer<String> report) {
        PeakThreadDump d = new PeakThreadDump(source, file, settle, report);
        long period = Math.clamp(settle.toMillis() / 10, 20, 100);
        d.poller.scheduleWithFixedDelay(d::poll, period, period, TimeUnit.MILLISECONDS);
        return d;
    }

    /** The dump file, once one was written; {@code null} before. */
    public Path written() {
        return written;
    }

    private void poll() {
        long now = System.nanoTime();
        long active = source.counts().activeConnections();
        if (active > high) {
            high = active;
            highSince = now;
            return;
        }
        boolean newPeak = high >= dumpedPeak + Math.max(1, dumpedPeak / 10);
        boolean settled = now - highSince >= settleNanos;
        boolean stillThere = active * 10 >= high * 9;
        if (newPeak && settled && stillThere && dumps < MAX_DUMPS && failures < MAX_FAILURES) {
            try {
                ThreadDumps.dump(file);
                dumps++;
                dumpedPeak = high;
                written = file;
                ThreadDumps.Census c = ThreadDumps.census(file);
                report.accept("thread dump at peak: " + active + " active connections (peak " + high + "), "
                        + c.threads() + " threads" + (c.virtualThreads() >= 0 ? " (" + c.virtualThreads()
                        + " virtual)" : "") + " -> " + file);
            } catch (IOException | RuntimeException e) {
                failures++;
                report.accept("thread dump at peak failed: " + e.getMessage()
                        + (failures == MAX_FAILURES ? " (giving up)" : ""));
            }
        }
    }

    /** Stops watching; a dump in progress finishes first. */
    @Override
    public void close() {
        poller.shutdown();
        try {
            poller.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
