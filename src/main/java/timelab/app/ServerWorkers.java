package timelab.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import timelab.fork.JavaRuntime;
import timelab.fork.Jdk;
import timelab.fork.JvmCommand;
import timelab.fork.Message;
import timelab.fork.Messages;
import timelab.server.RemoteServerControl;
import timelab.server.ServerStatus;
import timelab.server.StatusLine;
import timelab.server.WorkerStatus;

/**
 * {@code timelab server --processes N}: a parent that forks N worker JVMs of one model on one port, the way nginx
 * forks its workers, and serves nothing itself. Each worker is a {@link ServerMain} child with the parent's config
 * in one process and {@code SO_REUSEPORT} on its listener, so the kernel spreads new connections over the workers by a
 * hash of each connection's 4-tuple. With port 0, worker 1 binds an ephemeral port and the others bind the port it
 * reports. The parent prints the bound address once, then per interval the total status line (the same keys as one
 * server's, every count summed: {@link ServerStatus#total}) and one line per worker; at shutdown the final total (the
 * sum of the workers' own finals) and each worker's final.
 *
 * <p>Lifecycle: {@link #run()} once, on the caller's thread; {@link #stop()} (any thread) sends every worker
 * {@link Message.Stop}: each drains as one server does (no new connections, in-flight ones get the grace). A worker
 * that exits on its own is reported in one line with its exit code and last lines; the others keep serving (all
 * gone: the run stops), and {@code run()} returns {@link ExitCode#ERROR}. A live model switch is refused with
 * workers (each worker would switch alone and the totals would mix models): the workers carry the system property
 * {@value #PARENT_PROPERTY} that {@code timelab server-ctl} reads. Threads: {@code timelab-workers-status} (the
 * ticker, daemon) and one pump per worker ({@link WorkerProcess}).
 */
public final class ServerWorkers {

    /** Set on each worker JVM to the parent's pid: {@code timelab server-ctl} refuses a live switch there. */
    public static final String PARENT_PROPERTY = RemoteServerControl.WORKER_OF;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ServerAppConfig config;
    private final PrintWriter out;
    private final PrintWriter err;
    private final JavaRuntime java;
    private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final CompletableFuture<InetSocketAddress> started = new CompletableFuture<>();
    private volatile boolean stopping;

    public ServerWorkers(ServerAppConfig config, PrintWriter out, PrintWriter err, JavaRuntime java) {
        this.config = Objects.requireNonNull(config, "config");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.java = Objects.requireNonNull(java, "java");
    }

    /** Ends {@link #run()}: every worker drains. Idempotent, any thread. */
    public void stop() {
        stop.countDown();
    }

    /** Completes with the bound address once every worker listens; exceptionally if they could not start. */
    public CompletionStage<InetSocketAddress> started() {
        return started.minimalCompletionStage();
    }

    /**
     * Starts the workers and serves until {@link #stop()}.
     *
     * @return {@link ExitCode#OK}, or {@link ExitCode#ERROR} when a worker died or failed (lines on {@code out} and
     *     one on {@code err} say which)
     * @throws IOException when the workers cannot start (the port is taken, …): the message holds a worker's last
     *     lines; every worker started is killed
     */
    public ExitCode run() throws IOException {
        try {
            List<Message.Listening> listening = startWorkers();
            System.setProperty(RemoteServerControl.WORKERS, String.join(",",
                    workers.stream().map(w -> Long.toString(w.pid())).toList())); // server-ctl: refused here
            banner(listening);
            started.complete(new InetSocketAddress(config.server().bind(), listening.getFirst().port()));
            awaitStop();
            drain();
            finalLines();
        } catch (IOException | RuntimeException e) {
            started.completeExceptionally(e);
            throw e;
        } finally {
            workers.forEach(WorkerProcess::close); // nothing left behind, whatever happened
        }
        if (failure.get() != null) {
            err.println("timelab: " + failure.get());
            err.flush();
            return ExitCode.ERROR;
        }
        return ExitCode.OK;
    }

    /** Worker 1 first (it picks the port when it is 0), then the others on its port, all at once. */
    private List<Message.Listening> startWorkers() throws IOException {
        List<Message.Listening> listening = new ArrayList<>();
        listening.add(start(1, config.server().port()).awaitListening(START_TIMEOUT));
        int port = listening.getFirst().port();
        List<WorkerProcess> rest = new ArrayList<>();
        for (int n = 2; n <= config.processes(); n++) {
            rest.add(start(n, port));
        }
        for (WorkerProcess w : rest) {
            listening.add(w.awaitListening(START_TIMEOUT));
        }
        return listening;
    }

    private WorkerProcess start(int number, int port) throws IOException {
        JvmCommand command = JvmCommand.on(java, ServerMain.class.getName()).withJvmOptions(workerJvmOptions());
        WorkerProcess w = WorkerProcess.start(number, command, config.worker(port), new WorkerProcess.Events() {
            @Override
            public void line(WorkerProcess worker, String line) {
                if (line.startsWith("problem") || line.startsWith("connection ") || line.startsWith("netty:")) {
                    ServerWorkers.this.line("worker " + worker.number() + ": " + line);
                }
            }

            @Override
            public void ended(WorkerProcess worker, int exitCode) {
                workerEnded(worker, exitCode);
            }
        });
        workers.add(w);
        return w;
    }

    /**
     * The parent's own JVM options (heap, stack, flags the launcher gave it), without agents (a debugger's port
     * would clash), and the parent's pid as {@value #PARENT_PROPERTY}.
     */
    private static List<String> workerJvmOptions() {
        List<String> options = new ArrayList<>();
        for (String o : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!o.startsWith("-agent") && !o.startsWith("-javaagent") && !o.startsWith("-Xrun")
                    && !o.startsWith("-D" + PARENT_PROPERTY + "=")) {
                options.add(o);
            }
        }
        options.add("-D" + PARENT_PROPERTY + "=" + ProcessHandle.current().pid());
        return options;
    }

    private void workerEnded(WorkerProcess worker, int exitCode) {
        if (stopping && exitCode == 0) {
            return;
        }
        String what = "worker " + worker.number() + " (pid " + worker.pid() + ") exited with code " + exitCode
                + (stopping ? " while stopping" : "") + worker.lastWords();
        if (exitCode != 0) { // 0: it was stopped on its own (SIGTERM to it) and drained; said, not a failure
            failure.compareAndSet(null, what);
        }
        line(what);
        if (!stopping && workers.stream().allMatch(WorkerProcess::ended)) {
            line("every worker has exited: stopping");
            stop();
        }
    }

    private void banner(List<Message.Listening> listening) {
        Message.Listening first = listening.getFirst();
        int max = listening.stream().mapToInt(Message.Listening::maxConnections).sum();
        // the first line keeps "listening on HOST:PORT" that scripts wait for
        out.print(ConsoleText.fit(String.format(Locale.ROOT, "timelab server: model=%s service=%s listening on "
                        + "%s:%d (backlog %d, max-connections %d in total)", first.model().label(),
                first.service().label(), ServerApp.asGiven(config.server().bind()), first.port(), first.backlog(),
                max)) + "\n");
        out.println(ConsoleText.fit("  " + config.processes() + " worker processes with SO_REUSEPORT, pid "
                + String.join(", ", workers.stream().map(w -> Long.toString(w.pid())).toList()) + "; parent pid "
                + ProcessHandle.current().pid() + ", Java " + Runtime.version()));
        out.println("control: no live switch with --processes; 'timelab server-ctl --pid WORKER status' reads one");
        out.println("Ctrl-C or SIGTERM stops every worker; each drains as one server does.");
        out.flush();
        if (config.statusFormat() == StatusFormat.JSON) {
            line(Messages.encode(new Message.Listening(first.address(), first.port(), first.backlog(), max,
                    ProcessHandle.current().pid(), first.model(), first.service(), Jdk.current(),
                    workers.stream().map(WorkerProcess::pid).toList())));
        }
    }

    private void awaitStop() {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("timelab-workers-status").daemon().factory());
        try {
            if (!config.statusInterval().isZero()) {
                long ms = config.statusInterval().toMillis();
                ticker.scheduleAtFixedRate(this::status, ms, ms, TimeUnit.MILLISECONDS);
            }
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ticker.shutdownNow();
        }
    }

    /** Every live worker's latest status and their total; nothing before any worker reported. */
    private void status() {
        List<WorkerStatus> each = new ArrayList<>();
        for (WorkerProcess w : workers) {
            if (!w.ended()) { // a dead worker holds nothing any more; its last status counts in the final total
                w.lastStatus().ifPresent(s -> each.add(new WorkerStatus(w.pid(), s)));
            }
        }
        if (each.isEmpty()) {
            return;
        }
        ServerStatus total = ServerStatus.total(each.stream().map(WorkerStatus::status).toList());
        switch (config.statusFormat()) {
            case HUMAN -> line(StatusLine.format(total) + "\n" + workerLines(each, ""));
            case JSON -> line(Messages.encode(new Message.Status(total, each)));
        }
    }

    /** Every worker gets {@link Message.Stop}, at once; then each gets the grace and 30 s more to exit. */
    private void drain() {
        stopping = true;
        line("stopping: no new connections, in-flight requests get " + config.server().grace().toMillis()
                + " ms (in every worker)");
        workers.forEach(WorkerProcess::requestStop);
        Duration timeout = config.server().grace().plusSeconds(30);
        for (WorkerProcess w : workers) {
            try {
                if (w.await(timeout).isEmpty()) {
                    failure.compareAndSet(null, "worker " + w.number() + " (pid " + w.pid() + ") did not stop within "
                            + timeout + ": killed" + w.lastWords());
                    w.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.close();
            }
        }
    }

    /** The sum of the workers' finals (a worker that gave none: its last status, said so), then each. */
    private void finalLines() {
        List<WorkerStatus> each = new ArrayList<>();
        StringBuilder missing = new StringBuilder();
        for (WorkerProcess w : workers) {
            Optional<ServerStatus> s = w.finalStatus().or(w::lastStatus);
            s.ifPresent(st -> each.add(new WorkerStatus(w.pid(), st)));
            if (w.finalStatus().isEmpty()) {
                missing.append(" ").append(w.pid());
            }
        }
        if (each.isEmpty()) {
            line("final: no worker reported a status");
            return;
        }
        ServerStatus total = ServerStatus.total(each.stream().map(WorkerStatus::status).toList());
        switch (config.statusFormat()) {
            case HUMAN -> line("final " + StatusLine.format(total) + "\n" + workerLines(each, "final "));
            case JSON -> line(Messages.encode(new Message.Final(total, each)));
        }
        if (!missing.isEmpty()) {
            line("no final status from pid" + missing + ": their last status is in the total");
        }
        Map<String, Long> served = new TreeMap<>();
        workers.forEach(w -> w.servedByModel().forEach((m, n) -> served.merge(m, n, Long::sum)));
        line(ServerLines.servedLine(served));
    }

    /** One line per worker: its pid and what it holds. */
    static String workerLines(List<WorkerStatus> each, String prefix) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < each.size(); i++) {
            ServerStatus s = each.get(i).status();
            b.append(String.format(Locale.ROOT, "  %sworker pid=%d accepted=%d active=%d peak=%d requests=%d "
                            + "errors=%d platform-threads=%d virtual-threads=%d open-fds=%d rss-kb=%d",
                    prefix, each.get(i).pid(), s.accepted(), s.active(), s.peak(), s.requests(), s.errors(),
                    s.platformThreads(), s.virtualThreads(), s.openFds(), s.rssKb()));
            if (i < each.size() - 1) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    private void line(String s) {
        synchronized (out) {
            out.println(s);
            out.flush();
        }
    }
}
