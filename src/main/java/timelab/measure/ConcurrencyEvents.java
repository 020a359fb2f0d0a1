package timelab.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jfr.FlightRecorder;

/**
 * The periodic {@code timelab.Concurrency} event: one event per registered side per period (100 ms in
 * {@code timelab.jfc}). One JFR hook serves every side of the JVM (a server and a client in one test or experiment
 * JVM each get their own events); it is added with the first registration and removed with the last.
 *
 * <p>Registering costs nothing while no recording runs: JFR calls the hook only when a recording has the event
 * enabled, so a server can register at start and a recording started later (e.g. with {@code jcmd JFR.start})
 * still gets the events.
 */
public final class ConcurrencyEvents {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final ProcessProbe SELF = ProcessProbe.self();
    private static final List<Registration> SIDES = new CopyOnWriteArrayList<>();
    private static final Runnable HOOK = ConcurrencyEvents::emit;
    private static boolean hooked; // guarded by ConcurrencyEvents.class

    private ConcurrencyEvents() {}

    /**
     * Emits a {@code timelab.Concurrency} event for {@code side} every period until the returned registration is
     * closed.
     *
     * @param side {@code server} or {@code client}
     */
    public static Registration register(String side, ConcurrencySource source) {
        Registration r = new Registration(side, source);
        synchronized (ConcurrencyEvents.class) {
            SIDES.add(r);
            if (!hooked) {
                FlightRecorder.addPeriodicEvent(ConcurrencyEvent.class, HOOK);
                hooked = true;
            }
        }
        return r;
    }

    private static void emit() {
        if (SIDES.isEmpty()) {
            return;
        }
        int platform = THREADS.getThreadCount();
        int peakPlatform = THREADS.getPeakThreadCount();
        long fds = SELF.openFds();
        for (Registration r : SIDES) {
            ConcurrencyCounts c = r.source.counts();
            ConcurrencyEvent e = new ConcurrencyEvent();
            e.side = r.side;
            e.label = c.label();
            e.activeConnections = c.activeConnections();
            e.peakConnections = c.peakConnections();
            e.platformThreads = platform;
            e.peakPlatformThreads = peakPlatform;
            e.virtualThreads = c.virtualThreads();
            e.peakVirtualThreads = c.peakVirtualThreads();
            e.openFds = fds;
            e.commit();
        }
    }

    /** One side's registration; {@link #close()} stops its events (idempotent). */
    public static final class Registration implements AutoCloseable {
        private final String side;
        private final ConcurrencySource source;

        private Registration(String side, ConcurrencySource source) {
            this.side = side;
            this.source = source;
        }

        @Override
        public void close() {
            synchronized (ConcurrencyEvents.class) {
                if (SIDES.remove(this) && SIDES.isEmpty() && hooked) {
                    FlightRecorder.removePeriodicEvent(HOOK);
                    hooked = false;
                }
            }
        }
    }
}
