package timelab.client;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.measure.ProcessProbe;

/**
 * Runs clients in child JVMs: one per client ({@code process}, as the coursework did) or a share of them per child
 * ({@code process:K/S}). The dispatcher thread spawns the children (paced like clients in the open model), each
 * child runs its share through its own {@link LoadRun} with the inner strategy and reports back
 * ({@link WorkerProtocol}); the parent merges the reports — counts, failures, the histograms themselves — into one
 * {@link ClientRun}.
 *
 * <p><b>Admission control.</b> At most {@code maxStarting} children start at once (JVM start-ups on a few cores
 * otherwise thrash: measured, 100 concurrent start-ups took 34 s each instead of 0.24 s). Before each spawn,
 * {@link Admission} checks {@code MemAvailable} against the floor and
 * the machine's thread count against {@code pid_max}. A refused spawn waits (up to 30 s, counted as delayed) for
 * children still starting to come up (they were charged the estimate) and, without a hold, for running children to
 * end and free their memory; when nothing is starting and, with a hold, nothing will end, it fails at once.
 * A spawn that is refused or that fails (fork/exec) is {@link FailureKind#PROCESS_SPAWN_FAILED} for its clients,
 * with the reason; a child that ends without a report is {@link FailureKind#CHILD_DIED}, with its last output
 * lines. Running out of memory or pids is survived, counted and explained.
 *
 * <p><b>Hold across children.</b> Each child holds its first wave, reports {@code @held} and waits; once every
 * spawned child has reported (or ended) and spawning is over, the parent sends {@code go} to all of them, so every
 * held connection of every child is open at once. If children stay silent for {@code 2 × connect-timeout + 60 s},
 * the parent lets the others go anyway.
 */
final class ChildProcessEngine implements Engine, Child.Listener {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int MAX_FAILURES_KEPT = 10;
    private static final int MAX_NEVER_STARTED_KEPT = 3;
    private static final long ADMISSION_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** A child's share: child number, first client, how many clients. */
    record Slice(int child, int first, int count) {}

    private final RunSpec spec;
    private final LoadPlan plan;
    private final ClientStrategy.ChildProcesses strategy;
    private final Tally tally;
    private final String java = ChildCommand.currentJava();
    private final List<String> classpath = ChildCommand.currentClasspath();
    private final List<Slice> slices;
    private final List<Child> children = new CopyOnWriteArrayList<>();
    private final Tally.Gauge live = new Tally.Gauge();
    private final Tally.Gauge concurrent = new Tally.Gauge();
    private final AtomicLong openSum = new AtomicLong();
    private final AtomicLong starting = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();
    private final AtomicInteger spawnFailed = new AtomicInteger();
    private final AtomicLong spawnFailedClients = new AtomicLong();
    private final AtomicLong maxChildRss = new AtomicLong();
    private final AtomicLong maxChildThreads = new AtomicLong();
    private final AtomicLong peakLiveRss = new AtomicLong();
    private final Histogram spawnTimes = new ConcurrentHistogram(3);
    private final List<ClientRun.ChildFailure> failures = new ArrayList<>();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int endedCount;
    private int heldReported;
    private long heldOpen;
    private boolean spawningDone;
    private boolean released;
    private long heldAtOnce = -1;
    private long lastEventNanos = System.nanoTime();
    private volatile long stopNanos;
    private volatile long startNanos = System.nanoTime();
    private final long createdNanos = System.nanoTime();

    ChildProcessEngine(RunSpec spec, ClientStrategy.ChildProcesses strategy, Tally tally) {
        this.spec = spec;
        this.plan = spec.plan();
        this.strategy = strategy;
        this.tally = tally;
        this.slices = slices(spec.first(), spec.count(), strategy.jvms());
        ((ConcurrentHistogram) spawnTimes).setAutoResize(true);
    }

    /** Spreads {@code clients} clients from {@code first} over {@code jvms} children (0: one each), evenly. */
    static List<Slice> slices(int first, int clients, int jvms) {
        List<Slice> l = new ArrayList<>();
        if (jvms == 0) {
            for (int i = 0; i < clients; i++) {
                l.add(new Slice(i + 1, first + i, 1));
            }
            return l;
        }
        int k = Math.min(jvms, clients);
        int base = clients / k;
        int extra = clients % k;
        int next = first;
        for (int j = 0; j < k; j++) {
            int n = base + (j < extra ? 1 : 0);
            l.add(new Slice(j + 1, next, n));
            next += n;
        }
        return l;
    }

    @Override
    public ClientRun run() {
        InProcessEngine.resolve(plan.host(), "host"); // fail before spawning anything
        plan.sourceAddresses().forEach(s -> InProcessEngine.resolve(s, "source address"));
        ProcessProbe self = ProcessProbe.self();
        Duration cpuBefore = self.cpu();
        THREADS.resetPeakThreadCount();
        CdsArchive cds = plan.spawning().cheap() ? CdsArchive.prepare(java, classpath)
                : CdsArchive.off("plain child JVMs asked for");
        long memTotal = ProcessProbe.memTotalBytes();
        long floor = plan.spawning().minMemAvailableBytes() > 0 ? plan.spawning().minMemAvailableBytes()
                : Math.max(0, memTotal / 4);
        Instant startedAt = Instant.now();
        long wallNanos;
        ClientRun.Resources resources;
        try (Sampler sampler = new Sampler(this::sampleChildren)) {
            startNanos = System.nanoTime();
            dispatch(cds, floor);
            lock.lock();
            try {
                spawningDone = true;
                maybeRelease(false);
            } finally {
                lock.unlock();
            }
            awaitChildren();
            wallNanos = System.nanoTime() - startNanos;
            sampler.close();
            resources = new ClientRun.Resources(THREADS.getPeakThreadCount(), 0, sampler.peakOsThreads(),
                    sampler.peakFds(), self.sample().peakRssBytes(),
                    (self.cpu().toNanos() - cpuBefore.toNanos()) / 1e9);
        }
        ClientRun.Children summary = merge(cds);
        Long held = plan.hold() && heldAtOnce >= 0 ? heldAtOnce : null;
        long peak = Math.max(concurrent.peak(), held == null ? 0 : held);
        return Runs.result(strategy.label(), plan, startedAt, stopped(), wallNanos, tally, held, peak, resources,
                summary);
    }

    private void dispatch(CdsArchive cds, long floor) {
        Schedule schedule = Schedule.of(plan, slices.size(), plan.rate());
        long durationNanos = plan.duration().toNanos();
        boolean paceSpawns = strategy.perClient() && schedule.paced();
        for (int j = 0; j < slices.size() && !stopped(); j++) {
            Slice slice = slices.get(j);
            long intendedEpoch = -1;
            if (paceSpawns) {
                long offset = schedule.offsetNanos(j);
                if (plan.openModel() && durationNanos > 0 && offset >= durationNanos) {
                    break;
                }
                if (!sleepUntil(startNanos + offset)) {
                    break;
                }
                if (plan.openModel()) {
                    intendedEpoch = epochNanos() - (System.nanoTime() - (startNanos + offset));
                }
            }
            LoadPlan share = plan;
            if (plan.looping()) {
                long left = startNanos + durationNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                share = plan.withDuration(Duration.ofNanos(left));
            }
            if (!awaitStartingBelowCap()) {
                break;
            }
            String refused = admit(floor);
            if (refused != null) {
                spawnFailed(slice, refused);
                continue;
            }
            double rate = plan.openModel() && !strategy.perClient()
                    ? plan.rate() * slice.count() / spec.count() : 0;
            if (strategy.perClient() && plan.openModel()) {
                share = share.withRate(0, Duration.ZERO); // the parent paced it; the child starts its client at once
            }
            WorkerArgs args = new WorkerArgs(share, strategy.inner(), slice.first(), slice.count(), rate, intendedEpoch,
                    spec.observer() != ClientObserver.NONE);
            spawn(slice, ChildCommand.build(java, classpath, plan.spawning(), slice.count(), cds.path(), args));
        }
    }

    private void spawn(Slice slice, List<String> command) {
        long t = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException | RuntimeException e) {
            spawnFailed(slice, FailureClassifier.raw(e));
            return;
        }
        starting.incrementAndGet();
        live.up();
        try {
            children.add(new Child(slice, p, t, this));
        } catch (OutOfMemoryError e) { // no thread to read its output: do not leave it running unwatched
            p.destroyForcibly();
            starting.decrementAndGet();
            live.down();
            spawnFailed(slice, "no thread to watch the child: " + FailureClassifier.raw(e));
            return;
        }
        if (stopped()) {
            children.get(children.size() - 1).send(WorkerProtocol.STOP);
        }
    }

    /**
     * Waits while {@code maxStarting} children are starting (spawned, not up yet); false when stopped meanwhile.
     * Children that are up — running or held — do not count, so a hold never waits on this.
     */
    private boolean awaitStartingBelowCap() {
        int cap = plan.spawning().maxStarting();
        if (cap <= 0) {
            return !stopped();
        }
        lock.lock();
        try {
            while (starting.get() >= cap && !stopped()) {
                changed.await(50, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
        return !stopped();
    }

    /** {@code null} when a child may start now, else why not (after waiting, when waiting can help). */
    private String admit(long floor) {
        String why = refusal(floor);
        if (why == null) {
            return null;
        }
        if (!waitingCanHelp()) {
            return why;
        }
        delayed.incrementAndGet();
        long until = System.nanoTime() + ADMISSION_WAIT_NANOS;
        while (why != null && waitingCanHelp() && System.nanoTime() - until < 0 && !stopped()) {
            lock.lock();
            try {
                changed.await(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return why;
            } finally {
                lock.unlock();
            }
            why = refusal(floor);
        }
        return why;
    }

    /**
     * Whether a refused spawn may still be admitted later: some child is starting (it was charged the estimate and
     * may turn out smaller), or — without a hold — some child will end and free its memory.
     */
    private boolean waitingCanHelp() {
        return starting.get() > 0 || (!plan.hold() && live.value() > 0);
    }

    private String refusal(long floor) {
        long childBytes = maxChildRss.get() > 0 ? maxChildRss.get() : Admission.INITIAL_CHILD_BYTES;
        long threads = Math.max(Admission.INITIAL_THREADS_PER_CHILD, maxChildThreads.get());
        return new Admission(floor, childBytes, threads).refusal(ProcessProbe.memAvailableBytes(), starting.get(),
                ProcessProbe.machineThreads(), ProcessProbe.pidMax());
    }

    private void spawnFailed(Slice slice, String reason) {
        spawnFailed.incrementAndGet();
        spawnFailedClients.addAndGet(slice.count());
        tally.started.add(slice.count());
        tally.addFailures(FailureKind.PROCESS_SPAWN_FAILED, slice.count(), List.of(reason));
        keepFailure(new ClientRun.ChildFailure(slice.child(), slice.first(), slice.count(), null,
                "could not be started: " + reason, List.of()));
        for (int c = slice.first(); c < slice.first() + slice.count(); c++) {
            tell(new ConnectionResult(strategy.label(), c, new Outcome.Failed(FailureKind.PROCESS_SPAWN_FAILED,
                    reason), -1, 0, 0, null));
        }
    }

    /** Keeps up to 10 children that died (they have output lines to show) and 3 that never started. */
    private void keepFailure(ClientRun.ChildFailure f) {
        synchronized (failures) {
            long same = failures.stream().filter(x -> (x.exitCode() == null) == (f.exitCode() == null)).count();
            if (same < (f.exitCode() == null ? MAX_NEVER_STARTED_KEPT : MAX_FAILURES_KEPT)) {
                failures.add(f);
            }
        }
    }

    private void tell(ConnectionResult r) {
        try {
            spec.observer().connectionFinished(r);
        } catch (RuntimeException e) {
            // an observer's bug is not the client's failure
        }
    }

    // ---- what the children say (on their reader threads) ----

    @Override
    public void ready(Child c) {
        starting.decrementAndGet();
        spawnTimes.recordValue(ClientRun.micros(System.nanoTime() - c.spawnedNanos));
        event();
    }

    @Override
    public void progress(Child c, long started, long ok, long failed, long open) {
        c.started = started;
        c.ok = ok;
        c.failed = failed;
        concurrent.set(openSum.addAndGet(open - c.open));
        c.open = open;
    }

    @Override
    public void held(Child c, long open) {
        lock.lock();
        try {
            if (!c.heldReported) {
                c.heldReported = true;
                heldReported++;
                heldOpen += open;
            }
            lastEventNanos = System.nanoTime();
            maybeRelease(false);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void connection(Child c, String line) {
        tell(WorkerProtocol.parseConnection(line, strategy.label()));
    }

    @Override
    public void ended(Child c) {
        if (!c.up) {
            starting.decrementAndGet();
        }
        live.down();
        openSum.addAndGet(-c.open);
        c.open = 0;
        WorkerReport r = c.report;
        if (interruptedBeforeUp(c)) {
            c.started = 0;
            c.ok = 0;
            c.failed = 0;
        } else if (r != null && r.run() != null) {
            c.started = r.run().clients();
            c.ok = r.run().succeeded();
            c.failed = r.run().failed();
            maxChildRss.accumulateAndGet(r.run().resources().peakRssBytes(), Math::max);
            maxChildThreads.accumulateAndGet(r.run().resources().peakOsThreads(), Math::max);
        } else {
            c.started = c.slice.count();
            c.ok = 0;
            c.failed = c.slice.count();
        }
        lock.lock();
        try {
            endedCount++;
            if (!c.heldReported) {
                c.heldReported = true;
                heldReported++;
            }
            lastEventNanos = System.nanoTime();
            maybeRelease(false);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A child that the run's stop signal (Ctrl-C reaches the whole process group) ended while its JVM was still
     * starting: it had not started its clients, so they are not started, not failed.
     */
    private boolean interruptedBeforeUp(Child c) {
        return stopped() && !c.up && c.report == null && (c.exitCode == 128 + 2 || c.exitCode == 128 + 15);
    }

    private void event() {
        lock.lock();
        try {
            lastEventNanos = System.nanoTime();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: lets every child's hold go once all have reported (or {@code force}). */
    private void maybeRelease(boolean force) {
        if (!plan.hold() || released || !spawningDone) {
            return;
        }
        if (force || heldReported >= children.size()) {
            released = true;
            heldAtOnce = heldOpen;
            for (Child c : children) {
                if (!c.ended()) {
                    c.send(WorkerProtocol.GO);
                }
            }
        }
    }

    private void awaitChildren() {
        long patience = 2 * plan.connectTimeout().toNanos() + TimeUnit.SECONDS.toNanos(60);
        long grace = plan.connectTimeout().toNanos() + (plan.requests() + 2L) * plan.readTimeout().toNanos()
                + TimeUnit.SECONDS.toNanos(30);
        lock.lock();
        try {
            while (endedCount < children.size()) {
                changed.await(1, TimeUnit.SECONDS);
                if (plan.hold() && !released && System.nanoTime() - lastEventNanos > patience) {
                    maybeRelease(true);
                }
                if (stopped() && System.nanoTime() - stopNanos > grace) {
                    children.stream().filter(c -> !c.ended()).forEach(c -> c.process.destroyForcibly());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            children.forEach(c -> c.process.destroyForcibly());
        } finally {
            lock.unlock();
        }
    }

    /** Every 500 ms on the sampler thread: the live children's resident memory, together and each. */
    private void sampleChildren() {
        long sum = 0;
        for (Child c : children) {
            if (!c.ended() && c.up) {
                long rss = ProcessProbe.of(c.process.pid()).rssBytes();
                if (rss > 0) {
                    sum += rss;
                    maxChildRss.accumulateAndGet(rss, Math::max);
                }
            }
        }
        peakLiveRss.accumulateAndGet(sum, Math::max);
    }

    /** Adds every child's report to the tally; counts and explains the children that died. */
    private ClientRun.Children merge(CdsArchive cds) {
        long rss = 0;
        long platform = 0;
        long virtual = 0;
        long os = 0;
        double cpu = 0;
        int died = 0;
        int interrupted = 0;
        int maxCount = 1;
        for (Child c : children) {
            maxCount = Math.max(maxCount, c.slice.count());
            WorkerReport r = c.report;
            if (interruptedBeforeUp(c)) {
                interrupted++;
                continue;
            }
            if (r != null && r.run() != null && c.exitCode == 0) {
                ClientRun run = r.run();
                tally.started.add(run.clients());
                tally.ok.add(run.succeeded());
                tally.requests.add(run.requests());
                for (ClientRun.FailureCount f : run.failures().values()) {
                    tally.addFailures(FailureKind.ofLabel(f.kind()), f.count(), f.examples());
                }
                tally.connect.add(run.connect().histogram());
                tally.request.add(run.request().histogram());
                rss += run.resources().peakRssBytes();
                platform += run.resources().peakPlatformThreads();
                virtual += run.resources().peakVirtualThreads();
                os += run.resources().peakOsThreads();
                cpu += r.processCpuSeconds();
                continue;
            }
            died++;
            String reason = r != null && r.error() != null ? "the child could not run: " + r.error()
                    : c.badReport != null ? "its report was not valid: " + c.badReport
                    : "it ended with exit code " + c.exitCode + " without a report";
            tally.started.add(c.slice.count());
            tally.addFailures(FailureKind.CHILD_DIED, c.slice.count(), List.of(reason));
            keepFailure(new ClientRun.ChildFailure(c.slice.child(), c.slice.first(), c.slice.count(), c.exitCode,
                    reason, c.tail()));
            for (int n = c.slice.first(); n < c.slice.first() + c.slice.count(); n++) {
                if (!c.reported(n)) {
                    tell(new ConnectionResult(strategy.label(), n, new Outcome.Failed(FailureKind.CHILD_DIED, reason),
                            -1, 0, 0, null));
                }
            }
        }
        List<ClientRun.ChildFailure> kept;
        synchronized (failures) {
            kept = List.copyOf(failures);
        }
        return new ClientRun.Children(slices.size(), children.size(), spawnFailed.get(), died, interrupted,
                (int) live.peak(),
                delayed.get(), ClientRun.Latency.of(spawnTimes), rss, peakLiveRss.get(), platform, virtual, os,
                Runs.round(cpu, 3), ChildCommand.jvm(java, classpath, plan.spawning(), maxCount, cds.path()),
                cds.status(), kept);
    }

    @Override
    public Progress progress() {
        long started = spawnFailedClients.get();
        long ok = 0;
        long failed = spawnFailedClients.get();
        for (Child c : children) {
            started += c.started;
            ok += c.ok;
            failed += c.failed;
        }
        long planned = plan.looping() ? -1 : spec.count();
        return new Progress(System.nanoTime() - createdNanos, planned, started, ok, failed, openSum.get(),
                concurrent.peak(), 0, 0, live.value());
    }

    @Override
    public void stop() {
        stopNanos = System.nanoTime();
        stopSignal.countDown();
        for (Child c : children) {
            if (!c.ended()) {
                c.send(WorkerProtocol.GO);
                c.send(WorkerProtocol.STOP);
            }
        }
        event();
    }

    private boolean stopped() {
        return stopSignal.getCount() == 0;
    }

    private boolean sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left <= 0) {
            return !stopped();
        }
        try {
            return !stopSignal.await(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
