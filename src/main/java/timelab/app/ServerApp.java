package timelab.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import timelab.measure.ConcurrencyEvents;
import timelab.measure.JfrRecording;
import timelab.measure.PeakThreadDump;
import timelab.measure.ProcessProbe;
import timelab.measure.ProcessSample;
import timelab.measure.ServerEvents;
import timelab.server.ServerControl;
import timelab.server.ServerObserver;
import timelab.server.Handling;
import timelab.server.ServerOptions;
import timelab.work.Work;
import timelab.server.ServerStatus;
import timelab.server.TimeServer;

/**
 * {@code timelab server} as an object: serves until {@link #stop()}, printing the banner, the status lines and the
 * final lines to {@code out}, and owns everything around the server — the JFR recording, the MBean, the thread dump
 * at peak, the status ticker, the order things stop in and the exit code.
 *
 * <p>Lifecycle: {@link #run()} once, on the caller's thread; it returns after {@link #stop()} (from any thread, any
 * number of times) or after the server failed for good. Threads of its own: {@code timelab-setup} (JFR metadata and
 * the MBean, after the server serves), {@code timelab-status} (the ticker); both daemons, both gone when
 * {@code run()} returns. Output lines are flushed one by one, so a reader sees each line as it happens. The clock
 * names the default JFR file and is the one the {@code TIME} replies read.
 */
public final class ServerApp {

    private final ServerAppConfig config;
    private final PrintWriter out;
    private final PrintWriter err;
    private final StatusOutput status;
    private final InstantSource clock;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final CompletableFuture<InetSocketAddress> started = new CompletableFuture<>();

    public ServerApp(ServerAppConfig config, PrintWriter out, PrintWriter err, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.status = new StatusOutput(config.statusFormat(), out);
    }

    /** Ends {@link #run()}: no new connections, in-flight ones get the grace period. Idempotent, any thread. */
    public void stop() {
        stop.countDown();
    }

    /** Completes with the bound address once the banner is out; exceptionally if the server could not start. */
    public CompletionStage<InetSocketAddress> started() {
        return started.minimalCompletionStage();
    }

    /**
     * Serves until {@link #stop()}.
     *
     * @return {@link ExitCode#OK}, or {@link ExitCode#ERROR} when the server failed for good (one line on
     *     {@code err} says why)
     * @throws IOException when it cannot start (the port is taken, the JFR file cannot be written, …)
     */
    public ExitCode run() throws IOException {
        try {
            ExitCode code = serve();
            started.completeExceptionally(new IllegalStateException("stopped"));
            return code;
        } catch (IOException | RuntimeException e) {
            started.completeExceptionally(e);
            throw e;
        }
    }

    private ExitCode serve() throws IOException {
        ServerOptions options = config.server();
        if (config.carriers() != null) { // before anything starts a virtual thread: the JDK reads it once, for good
            System.setProperty("jdk.virtualThreadScheduler.parallelism", Integer.toString(config.carriers()));
        }
        String label = options.model().label();
        Path evidence = config.evidence().jfrPath("server", label, clock.instant());
        JfrRecording recording = config.evidence().jfr()
                ? JfrRecording.start("server", label, Optional.of(evidence)) : null;
        ServerEvents events = ServerEvents.inactive();
        if (recording != null) {
            events.activate(); // JFR is up already: every connection is recorded from the first one
        }
        TimeServer server = startServer(options, events, recording);
        banner(server, recording); // before the set-up thread's lines ("control: ...")
        // JFR's metadata and the platform MBean server take a second or two to set up on a busy machine: serve first
        ExecutorService setup = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("timelab-setup").daemon().factory());
        Future<ConcurrencyEvents.Registration> concurrency = setup.submit(() -> {
            events.activate();
            return ConcurrencyEvents.register("server", ServerEvents.concurrencyOf(server));
        });
        Future<ServerControl> control = setup.submit(() -> registerControl(server));
        setup.shutdown();
        PeakThreadDump dumper = !config.evidence().threadDumpAtPeak() ? null
                : PeakThreadDump.start(ServerEvents.concurrencyOf(server),
                        Evidence.sibling(evidence, "-threads-at-peak.json"), Duration.ofSeconds(1), this::println);
        status.listening(server, options);
        started.complete(server.address());
        try {
            awaitStop(server);
        } finally {
            if (dumper != null) {
                dumper.close();
            }
            ServerControl c = done(control);
            if (c != null) {
                c.close();
            }
            server.close();
            finalLines(server);
            ConcurrencyEvents.Registration r = done(concurrency);
            if (r != null) {
                r.close();
            }
            if (recording != null) {
                println("JFR recording: " + recording.stop());
            }
        }
        if (failure.get() != null) {
            err.println("timelab: " + failure.get());
            err.flush();
            return ExitCode.ERROR;
        }
        return ExitCode.OK;
    }

    private TimeServer startServer(ServerOptions options, ServerEvents events, JfrRecording recording)
            throws IOException {
        try {
            return TimeServer.start(options, ServerObserver.all(listener(), events), clock);
        } catch (BindException e) {
            discard(recording);
            throw new IOException("cannot listen on " + asGiven(options.bind()) + ":" + options.port() + ": "
                    + e.getMessage() + (options.port() == ServerOptions.DEFAULT_PORT
                            ? " (another server on 45000? see docs/guides/server.md, \"Port 45000\")" : ""), e);
        } catch (IOException | RuntimeException e) {
            discard(recording);
            throw e;
        }
    }

    /** The address as the user wrote it: the host name if it was given by name, else the literal. */
    static String asGiven(InetAddress address) {
        String s = address.toString();
        int slash = s.indexOf('/');
        return slash == 0 ? s.substring(1) : s.substring(0, slash);
    }

    private void banner(TimeServer server, JfrRecording recording) {
        ServerOptions options = config.server();
        // two lines that fit the console, in one write; the first keeps "listening on HOST:PORT" that scripts wait for
        String listening = ConsoleText.fit(String.format(Locale.ROOT, "timelab server: model=%s service=%s "
                        + "listening on %s:%d (backlog %d, max-connections %d%s)", server.model().label(),
                options.service().label(),
                server.address().getAddress().getHostAddress(), server.port(), options.effectiveBacklog(),
                server.stats().maxConnections(),
                config.carriers() == null ? "" : ", virtual-thread carriers " + config.carriers()));
        String handling = handling(options.handling()).strip();
        out.print(listening + "\n" + ConsoleText.fit(String.format(Locale.ROOT, "  %spid %d, Java %s%n",
                handling.isEmpty() ? "" : handling + ", ", ProcessHandle.current().pid(), Runtime.version())));
        server.fallback().ifPresent(why -> out.println(ConsoleText.fit("netty: fell back to "
                + server.model().label() + " (asked " + options.model().label() + "): " + why)));
        if (options.accessLog() != null) {
            out.printf("access log: %s (fsync %s)%n", options.accessLog().file(),
                    options.accessLog().fsync().label());
        }
        if (recording != null) {
            out.println("JFR: recording to " + recording.path() + " (written at shutdown)");
        }
        out.println("Ctrl-C or SIGTERM stops it.");
        out.flush();
    }

    /** The banner's words for the handling, when it is not the default: the work, the framing, the lab flags. */
    private static String handling(Handling h) {
        StringBuilder s = new StringBuilder();
        if (!(h.work() instanceof Work.None)) {
            s.append(" work=").append(h.work().label());
            if (h.work() instanceof Work.Call) {
                s.append(" (backend timeout ").append(h.backendTimeout().toMillis()).append(" ms)");
            }
        }
        if (h.framing() != Handling.DEFAULT.framing()) {
            s.append(" framing=").append(h.framing().label());
        }
        if (h.reply() != null) {
            s.append(" reply='").append(h.reply().replace("\n", "\\n").replace("\r", "\\r")).append('\'');
        }
        if (h.oneRequest()) {
            s.append(" one-request");
        }
        return s.toString();
    }

    /** Prints the status line every interval until {@link #stop()}. */
    private void awaitStop(TimeServer server) {
        ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("timelab-status").daemon().factory());
        try {
            if (!config.statusInterval().isZero()) {
                long ms = config.statusInterval().toMillis();
                status.scheduleAtFixedRate(() -> this.status.status(statusOf(server)), ms, ms,
                        TimeUnit.MILLISECONDS);
            }
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            status.shutdownNow();
            out.println("stopping: no new connections, in-flight requests get " + config.server().grace().toMillis()
                    + " ms");
        } finally {
            status.shutdownNow();
        }
    }

    private void finalLines(TimeServer server) {
        status.finalStatus(statusOf(server));
        println(ServerLines.servedLine(server.servedByModel()));
        server.accessLogStats().ifPresent(s -> println(ServerLines.accessLogLine(s)));
    }

    /** The MBean for JMC and {@code timelab server-ctl}; a server without it still serves. */
    private ServerControl registerControl(TimeServer server) {
        try {
            ServerControl c = ServerControl.register(server, config.poolSize(), what -> println("switched model "
                    + what + " (live): new connections go to it, established ones finish on the model that "
                    + "accepted them"));
            println("control: 'timelab server-ctl --pid " + ProcessHandle.current().pid()
                    + " status|switch MODEL', or JMC's MBean browser (" + ServerControl.OBJECT_NAME + ")");
            return c;
        } catch (IllegalStateException e) {
            println("problem: " + e.getMessage() + "; server-ctl and JMC cannot switch this server");
            return null;
        }
    }

    private ServerObserver listener() {
        return new ServerObserver() {
            @Override
            public void failed(String message) {
                failure.compareAndSet(null, message);
                println("problem: " + message);
                stop(); // run() closes the server and returns ERROR
            }

            @Override
            public void accepted(long total, String remote) {
                if (config.logEach()) {
                    println("connection " + total + " from " + remote);
                }
            }

            @Override
            public void problem(String message) {
                println("problem: " + message);
            }
        };
    }

    private static ServerStatus statusOf(TimeServer server) {
        ProcessSample self = ProcessProbe.self().sample();
        return ServerStatus.of(server.stats(), self.openFds(), self.rssBytes());
    }

    private void println(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** The set-up step's result once it has finished, or {@code null} if it failed. */
    private static <T> T done(Future<T> step) {
        try {
            return step.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void discard(JfrRecording recording) {
        if (recording != null) {
            recording.discard();
        }
    }
}
