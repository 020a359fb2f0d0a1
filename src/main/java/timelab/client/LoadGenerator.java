package timelab.client;

import timelab.server.VirtualThreadIo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

/**
 * The load generator: runs a {@link LoadPlan}'s clients with a {@link ClientStrategy} and reports a {@link ClientRun}.
 * One instance is one run.
 *
 * <p>States: running (from {@link #start}) → finished. {@link #stop()} (Ctrl-C) starts no more clients and releases a
 * hold; the clients in flight finish, bounded by their timeouts, and the result says it was interrupted. The run
 * itself is driven by one platform thread, {@code timelab-client-dispatcher}; {@link #progress()} and
 * {@link #stop()} may be called from any thread.
 *
 * <pre>{@code
 * ClientRun run = LoadGenerator.run(LoadPlan.time("127.0.0.1", 45000, 1000), new ClientStrategy.VirtualThreads(),
 *         ClientObserver.NONE, ChildEngines.NONE);
 * }</pre>
 */
public final class LoadGenerator {

    private final Engine engine;
    private final CompletableFuture<ClientRun> result = new CompletableFuture<>();

    private LoadGenerator(PlanShare spec, ChildEngines children) {
        this.engine = engine(spec, children);
        Thread.ofPlatform().name("timelab-client-dispatcher").daemon().start(() -> {
            try {
                result.complete(engine.run());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
    }

    /**
     * Starts the run; returns at once.
     *
     * @param children makes the engine of a {@code process} strategy ({@code ProcessEngine::new}), or
     *     {@link ChildEngines#NONE} for a run that never forks
     */
    public static LoadGenerator start(LoadPlan plan, ClientStrategy strategy, ClientObserver observer,
            ChildEngines children) {
        return start(plan, strategy, observer, children, null);
    }

    /**
     * Starts the run, its clock at {@code startAt} ({@code --start-at}; {@code null}: at once); returns at once. The
     * engine gets ready (resolves, preloads, prepares its children's archive) and then waits for {@code startAt};
     * {@link #stop()} ends the wait, and the run is interrupted with no client started.
     */
    public static LoadGenerator start(LoadPlan plan, ClientStrategy strategy, ClientObserver observer,
            ChildEngines children, java.time.Instant startAt) {
        return new LoadGenerator(PlanShare.whole(plan, strategy, observer, startAt), children);
    }

    /** Starts one share of a plan (a child JVM's, or a whole plan); returns at once. */
    public static LoadGenerator start(PlanShare spec, ChildEngines children) {
        return new LoadGenerator(spec, children);
    }

    /**
     * Makes the client code of {@code strategy} hot before a run of {@code plan}: {@code connections} connections
     * against a private responder on loopback in this JVM, not against the plan's server ({@link WarmUp}). Nothing of
     * it is counted in the run that follows. Does nothing for child-JVM strategies.
     *
     * @return the warm-up's own result (not part of the run's), or {@code null} when there was none
     */
    public static ClientRun warmUp(LoadPlan plan, ClientStrategy strategy, int connections)
            throws InterruptedException {
        return WarmUp.run(plan, strategy, connections);
    }

    /** Runs and waits for the result. */
    public static ClientRun run(LoadPlan plan, ClientStrategy strategy, ClientObserver observer,
            ChildEngines children) throws InterruptedException {
        return start(plan, strategy, observer, children).await();
    }

    /** The one place a strategy becomes threads or processes. */
    private static Engine engine(PlanShare spec, ChildEngines children) {
        Tally tally = new Tally();
        return switch (spec.strategy()) {
            case ClientStrategy.PlatformThreads p -> new InProcessEngine(spec, new Launcher.ThreadPerClient(
                    Thread.ofPlatform().name("timelab-client-platform-", 1).daemon().factory(), null), tally);
            case ClientStrategy.FixedPool f -> new InProcessEngine(spec, new Launcher.Pool(Executors.newFixedThreadPool(
                    f.threads(), Thread.ofPlatform().name("timelab-client-fixed-", 1).daemon().factory()),
                    f.threads()), tally);
            case ClientStrategy.CachedPool c -> new InProcessEngine(spec, new Launcher.Pool(
                    Executors.newCachedThreadPool(Thread.ofPlatform().name("timelab-client-cached-", 1).daemon()
                            .factory()), Long.MAX_VALUE), tally);
            case ClientStrategy.VirtualThreads v -> virtual(spec, tally);
            case ClientStrategy.EventLoops e -> new InProcessEngine(spec, new SelectorDriver(e.loops()), tally);
            case ClientStrategy.NettyLoops n -> netty(spec, n, tally);
            case ClientStrategy.ChildProcesses c -> children.engine(spec, c, tally);
        };
    }

    /** Virtual threads need the JDK's I/O poller: set it up while descriptors are free ({@link VirtualThreadIo}). */
    private static Engine virtual(PlanShare spec, Tally tally) {
        VirtualThreadIo.warmUp();
        return new InProcessEngine(spec, new Launcher.ThreadPerClient(
                Thread.ofVirtual().name("timelab-client-virtual-", 1).factory(), tally.virtualThreads), tally);
    }

    /** Netty's loops start here; the run is labelled with the transport that started (a fallback says why). */
    private static Engine netty(PlanShare spec, ClientStrategy.NettyLoops strategy, Tally tally) {
        NettyDriver driver = new NettyDriver(strategy);
        return new InProcessEngine(spec.with(driver.ran()), driver, tally);
    }

    /** A live snapshot. */
    public Progress progress() {
        return engine.progress();
    }

    /** Starts no more clients and releases a hold; clients in flight finish. */
    public void stop() {
        engine.stop();
    }

    /** Whether the run has finished. */
    public boolean isDone() {
        return result.isDone();
    }

    /** Waits up to {@code millis} for the run to finish; whether it has. */
    public boolean awaitDone(long millis) throws InterruptedException {
        try {
            result.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // finished, badly: await() reports it
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
        return true;
    }

    /**
     * Waits for the result.
     *
     * @throws IllegalArgumentException when the run could not start (e.g. an unknown host), with why
     */
    public ClientRun await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
