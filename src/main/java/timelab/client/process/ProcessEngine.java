package timelab.client.process;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import timelab.client.ClientObserver;
import timelab.client.ClientPeaks;
import timelab.client.ClientRun;
import timelab.client.ClientStrategy;
import timelab.client.Engine;
import timelab.client.FailureClassifier;
import timelab.client.FailureKind;
import timelab.client.InProcessEngine;
import timelab.client.LoadGenerator;
import timelab.client.LoadPlan;
import timelab.client.PlanShare;
import timelab.client.Progress;
import timelab.client.Results;
import timelab.client.StopSignal;
import timelab.client.Tally;
import timelab.fork.JvmCommand;
import timelab.fork.Message;
import timelab.measure.ProcessProbe;

/**
 * Runs clients in child JVMs: one per client ({@code process}, as the coursework did) or a share of them per child
 * ({@code process:K/S}). The dispatcher thread spawns the children (paced like clients in the open model), each
 * child runs its share through its own {@link LoadGenerator} with the inner strategy and reports back
 * ({@link timelab.fork.Message}s); the parent merges the reports — counts, failures, the histograms themselves —
 * into one {@link ClientRun}.
 *
 * <p>Resource exhaustion is survived, counted and explained: {@link ChildAdmission} decides whether one more child may
 * start (memory, pids, children starting at once); a spawn that is refused or fails (fork/exec) is
 * {@link FailureKind#PROCESS_SPAWN_FAILED} for its clients, with the reason; a child that ends without a report is
 * {@link FailureKind#CHILD_DIED}, with its last output lines ({@link ChildReports}).
 *
 * <p><b>Hold across children.</b> Each child holds its first wave, reports {@code held} and waits; once every
 * spawned child has reported (or ended) and spawning is over, the parent sends {@code go} to all of them, so every
 * held connection of every child is open at once. If children stay silent for {@code 2 × connect-timeout + 60 s},
 * the parent lets the others go anyway.
 */
public final class ProcessEngine implements Engine, Child.Listener {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final PlanShare spec;
    private final LoadPlan plan;
    private final ClientStrategy.ChildProcesses strategy;
    private final Tally tally;
    private final String java = JvmCommand.currentJava();
    private final List<String> classpath = JvmCommand.currentClasspath();
    private final List<Slice> slices;
    private final List<Child> children = new CopyOnWriteArrayList<>();
    private final Tally.Gauge live = new Tally.Gauge();
    private final Tally.Gauge concurrent = new Tally.Gauge();
    private final AtomicLong openSum = new AtomicLong();
    private final AtomicLong peakLiveRss = new AtomicLong();
    private final Histogram spawnTimes = newSpawnHistogram();
    private final StopSignal stopSignal = new StopSignal();
    private final ChildAdmission admission;
    private final ChildReports reports;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int endedCount;
    private final HoldRelease hold;
    private volatile long stopNanos;
    private volatile long startNanos = System.nanoTime();
    private final long createdNanos = System.nanoTime();

    public ProcessEngine(PlanShare spec, ClientStrategy.ChildProcesses strategy, Tally tally) {
        this.spec = spec;
        this.plan = spec.plan();
        this.strategy = strategy;
        this.tally = tally;
        this.slices = Slice.spread(spec.first(), spec.count(), strategy.jvms());
        this.admission = new ChildAdmission(plan, live::value, stopSignal::isRaised);
        this.reports = new ChildReports(tally, spec.observer(), strategy.label(), plan.segment());
        this.hold = new HoldRelease(plan.hold());
    }

    private static Histogram newSpawnHistogram() {
        ConcurrentHistogram h = new ConcurrentHistogram(3);
        h.setAutoResize(true);
        return h;
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
        if (spec.startAt() != null) {
            stopSignal.sleepUntil(spec.startAt()); // a stop meanwhile: no child starts, the run is interrupted
        }
        Instant startedAt = Instant.now();
        long wallNanos;
        ClientRun.Resources resources;
        try (ClientPeaks sampler = new ClientPeaks(this::sampleChildren)) {
            startNanos = System.nanoTime();
            dispatch(cds);
            boolean due;
            lock.lock();
            try {
                hold.spawningDone();
                due = hold.due(false, children.size());
            } finally {
                lock.unlock();
            }
            if (due) {
                letGo();
            }
            awaitChildren();
            wallNanos = System.nanoTime() - startNanos;
            sampler.close();
            resources = new ClientRun.Resources(THREADS.getPeakThreadCount(), 0, sampler.peakOsThreads(),
                    sampler.peakFds(), self.sample().peakRssBytes(),
                    (self.cpu().toNanos() - cpuBefore.toNanos()) / 1e9);
        }
        ClientRun.Children summary = merge(cds);
        Long held = plan.hold() && hold.atOnce() >= 0 ? hold.atOnce() : null;
        long peak = Math.max(concurrent.peak(), held == null ? 0 : held);
        ClientRun fellBack = children.stream().map(c -> c.report == null ? null : c.report.run())
                .filter(r -> r != null && r.transportFallback() != null).findFirst().orElse(null);
        String label = fellBack == null ? strategy.label() : "process:" + strategy.jvms() + "/" + fellBack.strategy();
        return Results.result(label, plan, startedAt, stopSignal.isRaised(), wallNanos, tally, held, peak, resources,
                summary, fellBack == null ? null : fellBack.transportFallback(), spec.startAt());
    }

    private void dispatch(CdsArchive cds) {
        long durationNanos = plan.duration().toNanos();
        boolean paceSpawns = strategy.perClient() && spec.paced(); // one client a child: slice j is client j
        for (int j = 0; j < slices.size() && !stopSignal.isRaised(); j++) {
            Slice slice = slices.get(j);
            long intendedEpoch = -1;
            if (paceSpawns) {
                long offset = spec.offsetNanos(j);
                if (plan.openModel() && durationNanos > 0 && offset >= durationNanos) {
                    break;
                }
                if (!stopSignal.sleepUntil(startNanos + offset)) {
                    break;
                }
                if (plan.openModel()) {
                    intendedEpoch = ChildSpec.epochNanosNow() - (System.nanoTime() - (startNanos + offset));
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
            if (!admission.awaitStartingBelowCap()) {
                break;
            }
            String refused = admission.admit();
            if (refused != null) {
                reports.spawnFailed(slice, refused);
                continue;
            }
            double rate = plan.openModel() && !strategy.perClient()
                    ? plan.rate() * slice.count() / spec.count() : 0;
            if (strategy.perClient()) {
                share = share.withRate(0, Duration.ZERO); // the parent paced it; the child starts its client at once
            }
            ChildSpec args = new ChildSpec(share, strategy.inner(), slice.first(), slice.count(), rate, intendedEpoch,
                    spec.observer() != ClientObserver.NONE);
            spawn(slice, ChildCommand.jvm(java, classpath, plan.spawning(), slice.count(), cds.path()), args);
        }
    }

    private void spawn(Slice slice, List<String> command, ChildSpec args) {
        admission.spawned(); // before its pump can say anything
        live.up();
        Child child;
        try {
            child = new Child(slice, command, args, this);
        } catch (java.io.IOException | RuntimeException | OutOfMemoryError e) { // an unwatched child was killed
            admission.ended(false);
            live.down();
            reports.spawnFailed(slice, (e instanceof OutOfMemoryError ? "no thread to watch the child: " : "")
                    + FailureClassifier.raw(e));
            return;
        }
        children.add(child);
        if (stopSignal.isRaised()) {
            child.send(new Message.Stop());
        }
    }

    // ---- what the children say (on their reader threads) ----

    @Override
    public void ready(Child c) {
        admission.up();
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
        boolean due;
        lock.lock();
        try {
            hold.held(c, open);
            due = hold.due(false, children.size());
        } finally {
            lock.unlock();
        }
        if (due) {
            letGo();
        }
    }

    @Override
    public void connection(Child c, Message.Connection m) {
        reports.tell(m.toResult(strategy.label()));
    }

    @Override
    public void ended(Child c) {
        admission.ended(c.up);
        live.down();
        openSum.addAndGet(-c.open);
        c.open = 0;
        Message.Report r = c.report;
        if (interruptedBeforeUp(c)) {
            c.started = 0;
            c.ok = 0;
            c.failed = 0;
        } else if (r != null && r.run() != null) {
            c.started = r.run().clients();
            c.ok = r.run().succeeded();
            c.failed = r.run().failed();
            admission.observed(r.run().resources().peakRssBytes(), r.run().resources().peakOsThreads());
        } else {
            c.started = c.slice.count();
            c.ok = 0;
            c.failed = c.slice.count();
        }
        boolean due;
        lock.lock();
        try {
            endedCount++;
            hold.ended(c);
            due = hold.due(false, children.size());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (due) {
            letGo();
        }
    }

    /**
     * A child that the run's stop signal (Ctrl-C reaches the whole process group) ended while its JVM was still
     * starting: it had not started its clients, so they are not started, not failed.
     */
    private boolean interruptedBeforeUp(Child c) {
        return stopSignal.isRaised() && !c.up && c.report == null && (c.exitCode == 128 + 2 || c.exitCode == 128 + 15);
    }

    private void event() {
        lock.lock();
        try {
            hold.event();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the run's first-wave hook (everything is held now), then tells every child to go. Called without the
     * lock, once, after {@link HoldRelease#due} said so.
     */
    private void letGo() {
        spec.firstWave().accept(hold.atOnce());
        for (Child c : children) {
            if (!c.ended()) {
                c.send(new Message.Go());
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
                if (hold.silentFor(patience) && hold.due(true, children.size())) {
                    lock.unlock();
                    try {
                        letGo();
                    } finally {
                        lock.lock();
                    }
                }
                if (stopSignal.isRaised() && System.nanoTime() - stopNanos > grace) {
                    children.stream().filter(c -> !c.ended()).forEach(Child::kill);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            children.forEach(Child::kill);
        } finally {
            lock.unlock();
        }
    }

    /** Every 500 ms on the sampler thread: the live children's resident memory, together and each. */
    private void sampleChildren() {
        long sum = 0;
        for (Child c : children) {
            if (!c.ended() && c.up) {
                long rss = ProcessProbe.of(c.pid()).rssBytes();
                if (rss > 0) {
                    sum += rss;
                    admission.observed(rss, 0);
                }
            }
        }
        peakLiveRss.accumulateAndGet(sum, Math::max);
    }

    /** Adds every child's report to the tally and sums up the children. */
    private ClientRun.Children merge(CdsArchive cds) {
        ChildReports.Totals t = reports.merge(children, this::interruptedBeforeUp);
        return new ClientRun.Children(slices.size(), children.size(), reports.spawnFailed(), t.died(),
                t.interruptedBeforeUp(), (int) live.peak(), admission.delayed(), ClientRun.Latency.of(spawnTimes),
                t.peakRssBytes(), peakLiveRss.get(), t.platformThreads(), t.virtualThreads(), t.osThreads(),
                t.cpuSeconds(), ChildCommand.jvm(java, classpath, plan.spawning(), t.largestShare(), cds.path()),
                cds.status(), reports.failures());
    }

    @Override
    public Progress progress() {
        long started = reports.spawnFailedClients();
        long ok = 0;
        long failed = reports.spawnFailedClients();
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
        stopSignal.raise();
        for (Child c : children) {
            if (!c.ended()) {
                c.send(new Message.Go());
                c.send(new Message.Stop());
            }
        }
        admission.signal();
        event();
    }
}
