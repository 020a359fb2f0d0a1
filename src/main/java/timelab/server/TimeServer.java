package timelab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import timelab.service.Service;

/**
 * A TIME (or charcount) server whose threading model can be switched while it runs.
 *
 * <p>Threads: one platform acceptor thread ({@code timelab-acceptor}, {@link Acceptor}) blocks in {@code accept()} on
 * the listener and hands each connection to the current {@link Dispatcher}; one platform timer thread
 * ({@code timelab-timer}) aborts blocking writes that stall and ends blocking reads whose line or idle timeout passed;
 * the model's own threads serve connections ({@code timelab-platform-N}, {@code timelab-fixed-N},
 * {@code timelab-cached-N}, {@code timelab-virtual-N}, {@code timelab-nio-loop}; the {@code single} model serves on
 * the acceptor thread). The {@code netty} model has no acceptor thread: its listener and connections run on its
 * event loops ({@code timelab-netty-server-N}, {@link NettyServer}), and a live switch to or from it is refused.
 *
 * <p>States: running → {@link #close()} → closed. Closing stops accepting, half-closes every connection's input so
 * that each answers the complete lines it has and ends, waits up to {@link ServerOptions#grace()}, then aborts the
 * rest and stops every thread it started, and finally drains, forces and closes the access log (if any). After
 * {@code close()} returns the port is free, every access-log line is on disk and no server thread runs.
 *
 * <p>With an access log ({@link ServerOptions#accessLog()}), every answered request gets one line, recorded before
 * its reply is written ({@link AccessLog}). If the log cannot be written, the server stops serving by itself: it
 * closes the listener and every connection and tells {@link ServerObserver#failed}.
 *
 * <p>A live {@link #switchModel switch} sends new connections to the new model; established ones finish on the
 * model that accepted them. The listener stays open throughout, so no connect fails during a switch (the backlog
 * stays the one the server was started with).
 */
public final class TimeServer implements AutoCloseable {

    /** How often the timer looks for stalled writes and overdue reads: a timeout fires up to this much late. */
    static final long TIMER_TICK_MILLIS = 100;

    private final ServerOptions options;
    private final ServerObserver listener;
    private final Service service;
    private final Counters counters = new Counters();
    private final Connections connections;
    private final RequestWork work;
    private final BlockingHandler handler;
    private final ScheduledExecutorService timer;
    /** The timer's thread, once started: {@link #close()} joins it. */
    private volatile Thread timerThread;
    /** Where connections come from: the acceptor, or the netty model's own listener. */
    private final Front front;
    private final List<Dispatcher> retired = new CopyOnWriteArrayList<>();
    private final Problems problems;
    private final AccessLog accessLog;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Dispatcher current;

    private TimeServer(ServerOptions options, ServerObserver listener, InstantSource clock) throws IOException {
        this.options = options;
        this.listener = listener;
        this.service = Service.of(options.service(), clock, options.zone(), options.handling().reply(),
                options.handling().framing());
        this.connections = new Connections(counters, listener);
        this.problems = new Problems(listener, "accept", "thread", "access-log");
        this.accessLog = options.accessLog() == null ? null : AccessLog.open(options.accessLog(), options.zone(),
                clock, this::accessLogBackedUp, this::accessLogFailed);
        this.work = new RequestWork(options.handling(), counters, listener, options.maxLine());
        this.handler = new BlockingHandler(service, options, counters, connections, accessLog, work);
        try {
            this.front = options.model() instanceof ServerModel.Netty netty
                    ? new NettyServer(netty, service, options, counters, connections, listener, accessLog, work)
                    : new Acceptor(options, counters, connections, listener, problems, () -> current);
        } catch (IOException | RuntimeException e) {
            if (accessLog != null) {
                accessLog.close();
            }
            throw e;
        }
        ServingClasses.load(service, options); // now, while descriptors are free (a failed class load is for good)
        if (front instanceof Acceptor) { // netty never switches live
            VirtualThreadIo.warmUp(); // now, while descriptors are free: a live switch may bring virtual threads later
        }
        this.current = dispatcherFor(options.model());
        ThreadFactory timerThreads = Thread.ofPlatform().name("timelab-timer").daemon().factory();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = timerThreads.newThread(r);
            timerThread = t;
            return t;
        });
        timer.scheduleWithFixedDelay(this::enforceDeadlines, TIMER_TICK_MILLIS, TIMER_TICK_MILLIS,
                TimeUnit.MILLISECONDS);
        if (front instanceof Acceptor acceptor) {
            acceptor.start();
        }
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException when the address cannot be bound (e.g. the port is in use)
     */
    public static TimeServer start(ServerOptions options, ServerObserver listener) throws IOException {
        return new TimeServer(options, listener, InstantSource.system());
    }

    /** {@link #start(ServerOptions, ServerObserver)} with a given clock for the replies (tests). */
    public static TimeServer start(ServerOptions options, ServerObserver listener, InstantSource clock)
            throws IOException {
        return new TimeServer(options, listener, clock);
    }

    /** The address and port actually bound. */
    public InetSocketAddress address() {
        return front.address();
    }

    public int port() {
        return address().getPort();
    }

    /**
     * Why the {@code netty} model runs on another transport than the one asked for (one line), or empty: then it
     * runs on the one asked for, or the model is not {@code netty}.
     */
    public Optional<String> fallback() {
        return front instanceof NettyServer netty ? Optional.ofNullable(netty.fallback()) : Optional.empty();
    }

    /** The model new connections go to ({@code netty}: with the transport that started). */
    public ServerModel model() {
        return current.model();
    }

    public ServerOptions options() {
        return options;
    }

    /** The connections open now (package-private: tests look at their sockets). */
    java.util.Collection<Connection> openConnections() {
        return connections.open();
    }

    public ServerStats stats() {
        return counters.snapshot(current.model(), options.handling().work(), front.maxConnections());
    }

    /** What the access log has written so far (after {@link #close()}: everything), or empty without one. */
    public Optional<AccessLogStats> accessLogStats() {
        return Optional.ofNullable(accessLog).map(AccessLog::stats);
    }

    /**
     * Connections that have ended, by the label of the model that served them (after live switches, several):
     * which model served what. Connections still open are not in it yet; busy rejections never are.
     */
    public Map<String, Long> servedByModel() {
        return Map.copyOf(counters.servedByModel());
    }

    /**
     * Sends new connections to {@code model} from now on; established connections finish on the model that
     * accepted them. Switching to the current model does nothing.
     *
     * @throws IllegalStateException when the server is closed, or the switch is to or from {@code netty}: that model
     *     accepts on a listener of its own, so it is refused (the server goes on serving on its model)
     */
    public synchronized void switchModel(ServerModel model) {
        if (closed.get()) {
            throw new IllegalStateException("server closed");
        }
        Dispatcher old = current;
        if (old.model().equals(model)) {
            return;
        }
        if (model instanceof ServerModel.Netty || old.model() instanceof ServerModel.Netty) {
            throw new IllegalStateException(refusal(old.model(), model));
        }
        current = dispatcherFor(model);
        old.retire();
        retired.add(old);
        retired.removeIf(Dispatcher::isTerminated);
    }

    /** The one place a model becomes threads. */
    private Dispatcher dispatcherFor(ServerModel model) {
        return switch (model) {
            case ServerModel.Platform p -> executor(model, Executors.newThreadPerTaskExecutor(platform("platform")));
            case ServerModel.FixedPool f ->
                    executor(model, Executors.newFixedThreadPool(f.threads(), platform("fixed")));
            case ServerModel.CachedPool c -> executor(model, Executors.newCachedThreadPool(platform("cached")));
            case ServerModel.Virtual v -> new ExecutorDispatcher(model, Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("timelab-virtual-", 0).factory()), handler, true);
            case ServerModel.EventLoop e -> new EventLoop(model, service, options, counters, connections,
                    accessLog, work);
            case ServerModel.Single s -> new InlineDispatcher(model, handler);
            case ServerModel.Netty n -> front instanceof NettyServer netty ? netty : refused(n);
        };
    }

    /** Why a live switch to or from {@code netty} is refused, in one line. */
    static String refusal(ServerModel from, ServerModel to) {
        return "cannot switch " + from.label() + " -> " + to.label() + " live: netty accepts on a listener of its own "
                + "(Netty's epoll and io_uring channels cannot take over the socket of the JDK listener the other "
                + "models share); restart the server with --model " + to.label();
    }

    private Dispatcher refused(ServerModel.Netty n) {
        throw new IllegalStateException(refusal(current.model(), n));
    }

    private Dispatcher executor(ServerModel model, ExecutorService executor) {
        return new ExecutorDispatcher(model, executor, handler, false);
    }

    private static ThreadFactory platform(String name) {
        return Thread.ofPlatform().name("timelab-" + name + "-", 0).daemon().factory();
    }

    /** On the timer: aborts stalled blocking writes, ends blocking reads whose deadline passed. */
    private void enforceDeadlines() {
        long now = System.nanoTime();
        long limit = options.writeTimeout().toNanos();
        for (Connection c : connections.open()) {
            if (c.timedByEventLoop) {
                continue;
            }
            long started = c.writeStartedNanos;
            if (started != 0 && now - started > limit) {
                c.abort(CloseReason.WRITE_TIMEOUT);
            }
            long readDeadline = c.readDeadlineNanos;
            if (readDeadline != Session.NO_DEADLINE && now - readDeadline >= 0) {
                c.timeOutRead();
            }
        }
    }

    /**
     * Stops the server: see the class comment. Idempotent; returns when every connection has ended and every
     * server thread has stopped (or, for a thread that would not stop, after a bounded wait).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + options.grace().toNanos();
        front.close();
        connections.open().forEach(Connection::drain);
        front.join(deadline);
        connections.open().forEach(Connection::drain); // any the acceptor handed over meanwhile
        current.retire();
        retired.forEach(Dispatcher::retire);
        awaitNoActiveConnections(deadline);
        connections.open().forEach(c -> c.abort(CloseReason.SHUTDOWN));
        current.kill();
        retired.forEach(Dispatcher::kill);
        front.join(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        timer.shutdownNow();
        awaitTermination(timer); // the class contract: no server thread runs once close() returns
        Thread t = timerThread;
        if (t != null) { // a terminated executor's last thread can still be alive for a moment: wait for it too
            join(t, System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        }
        if (accessLog != null) {
            // aborted connections' threads may still be recording lines of input they had read: let them end
            awaitNoActiveConnections(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
            accessLog.close();
        }
    }

    private void awaitNoActiveConnections(long deadlineNanos) {
        while (connections.active() > 0 && System.nanoTime() - deadlineNanos < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A producer found the access log's queue full and waits: say so, at most once a second. */
    private void accessLogBackedUp() {
        problems.report("access-log", "the access log is backed up (" + options.accessLog().queueCapacity()
                + " lines queued for " + options.accessLog().file() + "): requests wait for the disk");
    }

    /** On the access log's writer thread, once: stop serving rather than serve unlogged. */
    private void accessLogFailed(IOException e) {
        listener.failed("the access log " + options.accessLog().file() + " cannot be written ("
                + accessLog.stats().failure() + "): stopped serving, as the server does not serve unlogged");
        front.close(); // the acceptor ends; connects are refused from now on
        connections.open().forEach(c -> c.abort(CloseReason.SHUTDOWN));
    }

    /** Waits (bounded) for an executor's threads to end after {@code shutdownNow()}. */
    static void awaitTermination(java.util.concurrent.ExecutorService executor) {
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for {@code t} to end, until {@code deadlineNanos} ({@link System#nanoTime()}) at most. */
    static void join(Thread t, long deadlineNanos) {
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
