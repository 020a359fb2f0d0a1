package timelab.client.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.ClientObserver;
import timelab.client.ClientRun;
import timelab.client.FailureKind;
import timelab.client.LoadPlan;
import timelab.client.Outcome;
import timelab.client.Results;
import timelab.client.Tally;
import timelab.fork.Message;

/**
 * The parent's account of its children's clients: children that could not be started or that died count their
 * clients as failed, with the reason and the child's last lines; the reports of the others are merged into the
 * parent's {@link Tally} — counts, failures by kind, and the latency histograms themselves, so that the parent's
 * percentiles are over every client. Thread-safe.
 */
final class ChildReports {

    private static final int MAX_DIED_KEPT = 10;
    private static final int MAX_NEVER_STARTED_KEPT = 3;

    /** The children's own resources, summed, and how many died or were stopped before they were up. */
    record Totals(long peakRssBytes, long platformThreads, long virtualThreads, long osThreads, double cpuSeconds,
            int died, int interruptedBeforeUp, int largestShare) {}

    private final Tally tally;
    private final ClientObserver observer;
    private final String label;
    private final LoadPlan.Segment segment;
    private final List<ClientRun.ChildFailure> failures = new ArrayList<>();
    private final AtomicInteger spawnFailed = new AtomicInteger();
    private final AtomicLong spawnFailedClients = new AtomicLong();

    ChildReports(Tally tally, ClientObserver observer, String label, LoadPlan.Segment segment) {
        this.segment = segment;
        this.tally = tally;
        this.observer = observer;
        this.label = label;
    }

    /** No child could be started for {@code slice}: its clients failed, with the reason. */
    void spawnFailed(Slice slice, String reason) {
        spawnFailed.incrementAndGet();
        spawnFailedClients.addAndGet(slice.count());
        tally.addFailedClients(FailureKind.PROCESS_SPAWN_FAILED, slice.count(), List.of(reason));
        keep(new ClientRun.ChildFailure(slice.child(), slice.client(segment, 0), slice.count(), null,
                "could not be started: " + reason, List.of()));
        for (int i = 0; i < slice.count(); i++) {
            tell(new ConnectionResult(label, slice.client(segment, i),
                    new Outcome.Failed(FailureKind.PROCESS_SPAWN_FAILED, reason), -1, 0, 0, null));
        }
    }

    int spawnFailed() {
        return spawnFailed.get();
    }

    long spawnFailedClients() {
        return spawnFailedClients.get();
    }

    /** Passes a connection on to the observer; an observer's bug is not the client's failure. */
    void tell(ConnectionResult r) {
        try {
            observer.connectionFinished(r);
        } catch (RuntimeException e) {
            // ignored, see above
        }
    }

    /**
     * Adds every finished child to the tally. Call once, after every child has ended.
     *
     * @param interruptedBeforeUp children the run's stop ended before they were up: their clients never started
     */
    Totals merge(List<Child> children, Predicate<Child> interruptedBeforeUp) {
        List<ClientRun.Resources> reported = new ArrayList<>();
        double cpu = 0;
        int died = 0;
        int interrupted = 0;
        int largest = 1;
        for (Child c : children) {
            largest = Math.max(largest, c.slice.count());
            if (interruptedBeforeUp.test(c)) {
                interrupted++;
                continue;
            }
            Message.Report r = c.report;
            if (r != null && r.run() != null && c.exitCode == 0) {
                ClientRun run = r.run();
                tally.addRun(run);
                reported.add(run.resources());
                cpu += r.processCpuSeconds();
                continue;
            }
            died++;
            died(c, r);
        }
        ClientRun.Resources sum = ClientRun.Resources.sum(reported);
        return new Totals(sum.peakRssBytes(), sum.peakPlatformThreads(), sum.peakVirtualThreads(), sum.peakOsThreads(),
                Results.round(cpu, 3), died, interrupted, largest); // CPU as the parent saw each child, not its own
    }

    private void died(Child c, Message.Report r) {
        String reason = r != null && r.error() != null ? "the child could not run: " + r.error()
                : c.badReport != null ? "its report was not valid: " + c.badReport
                : "it ended with exit code " + c.exitCode + " without a report";
        tally.addFailedClients(FailureKind.CHILD_DIED, c.slice.count(), List.of(reason));
        keep(new ClientRun.ChildFailure(c.slice.child(), c.slice.client(segment, 0), c.slice.count(), c.exitCode,
                reason, c.tail()));
        for (int i = 0; i < c.slice.count(); i++) {
            int n = c.slice.client(segment, i);
            if (!c.reported(n)) {
                tell(new ConnectionResult(label, n, new Outcome.Failed(FailureKind.CHILD_DIED, reason), -1, 0, 0,
                        null));
            }
        }
    }

    /** Keeps up to 10 children that died (they have output lines to show) and 3 that never started. */
    private void keep(ClientRun.ChildFailure f) {
        synchronized (failures) {
            long same = failures.stream().filter(x -> (x.exitCode() == null) == (f.exitCode() == null)).count();
            if (same < (f.exitCode() == null ? MAX_NEVER_STARTED_KEPT : MAX_DIED_KEPT)) {
                failures.add(f);
            }
        }
    }

    List<ClientRun.ChildFailure> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }
}
