package timelab.client;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.measure.ProcessProbe;

/**
 * Runs clients inside this JVM, carried by a {@link Carrier}. The dispatcher (the thread calling {@link #run()},
 * {@code timelab-client-dispatcher}) starts clients on schedule; each client's {@link ClientSession} runs on the
 * launcher's thread ({@link BlockingDriver}) or on an event loop ({@link Loops}), and reports its outcome; the run
 * ends when the last one has.
 *
 * <p>A client whose thread cannot be started ("unable to create native thread") is counted as
 * {@link FailureKind#THREAD_CREATION_FAILED} and the dispatcher carries on with the next: running out of threads is a
 * result, not a crash.
 */
public final class InProcessEngine implements Engine {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final PlanShare spec;
    private final Carrier carrier;
    private final Tally tally;
    private final StopSignal stopSignal = new StopSignal();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition allDone = lock.newCondition();
    private long inflight;
    private volatile long startNanos = System.nanoTime();
    private volatile HoldGate gate;

    InProcessEngine(PlanShare spec, Carrier carrier, Tally tally) {
        this.spec = spec;
        this.carrier = carrier;
        this.tally = tally;
    }

    @Override
    public ClientRun run() {
        try {
            return runAll();
        } catch (RuntimeException | Error e) { // could not start (an unknown host): the carrier's threads end too
            carrier.close();
            throw e;
        }
    }

    private ClientRun runAll() {
        LoadPlan plan = spec.plan();
        InetAddress host = resolve(plan.host(), "host");
        List<InetAddress> sources = new ArrayList<>();
        for (String s : plan.sourceAddresses()) {
            sources.add(resolve(s, "source address"));
        }
        ConnectionPlan work = new ConnectionPlan(spec.strategy().label(), plan, host, sources, tally); // preloads
        new ConnectionResult("", 1, Outcome.OK, 0, 0, 0, null);
        ProcessProbe self = ProcessProbe.self();
        Duration cpuBefore = self.cpu();
        if (spec.startAt() != null) {
            stopSignal.sleepUntil(spec.startAt()); // a stop meanwhile: no client starts, the run is interrupted
        }
        THREADS.resetPeakThreadCount();
        Instant startedAt = Instant.now();
        long wallNanos;
        try (ClientPeaks sampler = new ClientPeaks(null)) {
            if (plan.hold()) {
                gate = new HoldGate(spec.count(), carrier.cap(), tally.open::value, open -> {
                    sampler.sampleNow();
                    spec.firstWave().accept(open);
                    holdOn(plan.holdFor()); // --hold-for: every connection stays open this much longer
                });
            }
            startNanos = System.nanoTime();
            if (plan.looping()) {
                dispatchLooping(work);
            } else {
                dispatchOnce(work);
            }
            awaitAll();
            wallNanos = System.nanoTime() - startNanos;
            carrier.close();
            sampler.close();
            ClientRun.Resources resources = new ClientRun.Resources(THREADS.getPeakThreadCount(),
                    tally.virtualThreads.peak(), sampler.peakOsThreads(), sampler.peakFds(),
                    self.sample().peakRssBytes(), (self.cpu().toNanos() - cpuBefore.toNanos()) / 1e9);
            return Results.result(spec.strategy().label(), plan, startedAt, stopSignal.isRaised(), wallNanos, tally,
                    gate == null || gate.heldAtOnce() < 0 ? null : gate.heldAtOnce(), tally.open.peak(), resources,
                    null, carrier.fallback(), spec.startAt());
        }
    }

    /** Count and open mode: one connection per client, started on schedule. */
    private void dispatchOnce(ConnectionPlan work) {
        BlockingDriver blocking = new BlockingDriver(work);
        boolean paced = spec.paced();
        long durationNanos = spec.plan().duration().toNanos();
        for (int i = 0; i < spec.count() && !stopSignal.isRaised(); i++) {
            long offset = spec.offsetNanos(i);
            if (durationNanos > 0 && offset >= durationNanos) {
                break; // open model with a duration: the time is up
            }
            if (paced && !stopSignal.sleepUntil(startNanos + offset)) {
                break;
            }
            int client = spec.client(i);
            long intended = spec.plan().openModel() ? startNanos + offset : spec.intendedStartNanos();
            HoldGate g = gate;
            switch (carrier) {
                case Launcher l -> launch(l, client, () -> finished(blocking.run(client, intended, g)));
                case Loops loops -> begin(client, () -> loops.connect(work, client, intended, g, r -> {
                    finished(r);
                    oneDone();
                }));
            }
        }
        if (stopSignal.isRaised() && gate != null) {
            gate.release();
        }
    }

    /** Closed model with a duration: each looping client makes one connection after another until the end. */
    private void dispatchLooping(ConnectionPlan work) {
        BlockingDriver blocking = new BlockingDriver(work);
        boolean paced = spec.paced();
        long deadline = startNanos + spec.plan().duration().toNanos();
        AtomicInteger nextOrdinal = new AtomicInteger(); // past the share's count: new numbers of the same stripe
        IntSupplier next = () -> spec.client(nextOrdinal.getAndIncrement());
        for (int i = 0; i < spec.count() && !stopSignal.isRaised(); i++) {
            if (paced && !stopSignal.sleepUntil(startNanos + spec.offsetNanos(i))) {
                break;
            }
            int firstClient = next.getAsInt();
            switch (carrier) {
                case Launcher l -> launch(l, firstClient, () -> {
                    int client = firstClient;
                    while (true) {
                        finished(blocking.run(client, -1, null));
                        if (over(deadline)) {
                            return;
                        }
                        client = next.getAsInt();
                        tally.started.increment();
                    }
                });
                case Loops loops -> begin(firstClient, () -> loops.connect(work, firstClient, -1, null,
                        new Consumer<>() { // one connection after another, each started when the last ends
                            @Override
                            public void accept(ConnectionResult r) {
                                finished(r);
                                if (over(deadline)) {
                                    oneDone();
                                    return;
                                }
                                int client = next.getAsInt();
                                tally.started.increment();
                                try {
                                    loops.connect(work, client, -1, null, this);
                                } catch (RuntimeException | Error e) { // no loop thread: count it, end the chain
                                    finished(startFailed(client, e));
                                    oneDone();
                                }
                            }
                        }));
            }
        }
    }

    /** Whether a looping client stops after its current connection: the run was stopped or its duration is up. */
    private boolean over(long deadlineNanos) {
        return stopSignal.isRaised() || System.nanoTime() - deadlineNanos >= 0;
    }

    /** Starts {@code task} on a thread of the launcher: the client is done when the task returns. */
    private void launch(Launcher launcher, int client, Runnable task) {
        Runnable counted = () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) { // a bug or a broken JVM: count it, never print a stack trace
                finished(startFailed(client, e));
            } finally {
                oneDone();
            }
        };
        begin(client, () -> launcher.launch(counted));
    }

    /** Counts a client in flight and starts it; {@link #oneDone()} follows once it has finished, however it ends. */
    private void begin(int client, Runnable start) {
        tally.started.increment();
        lock.lock();
        try {
            inflight++;
        } finally {
            lock.unlock();
        }
        try {
            start.run();
        } catch (OutOfMemoryError e) {
            if (FailureClassifier.classify(FailureClassifier.Phase.START, e, false)
                    != FailureKind.THREAD_CREATION_FAILED) {
                throw e;
            }
            notStarted(client, new Outcome.Failed(FailureKind.THREAD_CREATION_FAILED, FailureClassifier.raw(e)));
        } catch (RejectedExecutionException e) {
            notStarted(client, new Outcome.Failed(FailureKind.OTHER, FailureClassifier.raw(e)));
        }
    }

    /** A client whose start (or whose code) threw: a bug or a broken JVM, counted, never printed. */
    private ConnectionResult startFailed(int client, Throwable e) {
        return new ConnectionResult(spec.strategy().label(), client, new Outcome.Failed(
                FailureClassifier.classify(FailureClassifier.Phase.START, e, false), FailureClassifier.raw(e)), -1, 0,
                0, null);
    }

    private void notStarted(int client, Outcome.Failed failure) {
        if (gate != null) {
            gate.arrive(false);
        }
        finished(new ConnectionResult(spec.strategy().label(), client, failure, -1, 0, 0, null));
        oneDone();
    }

    private void finished(ConnectionResult result) {
        tally.finished(result.outcome());
        try {
            spec.observer().connectionFinished(result);
        } catch (RuntimeException e) {
            // an observer's bug must not count as the client's failure
        }
    }

    private void oneDone() {
        lock.lock();
        try {
            if (--inflight == 0) {
                allDone.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void awaitAll() {
        lock.lock();
        try {
            while (inflight > 0) {
                allDone.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }



    @Override
    public Progress progress() {
        long planned = spec.plan().looping() ? -1 : spec.count();
        return tally.progress(System.nanoTime() - startNanos, planned, 0);
    }

    @Override
    public void stop() {
        stopSignal.raise();
        HoldGate g = gate;
        if (g != null) {
            g.release();
        }
    }

    public static InetAddress resolve(String name, String what) {
        try {
            return InetAddress.getByName(name);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown " + what + " '" + name + "'");
        }
    }

    private static void holdOn(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
