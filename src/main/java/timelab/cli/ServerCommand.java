package timelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import timelab.measure.ConcurrencyEvents;
import timelab.measure.ProcessProbe;
import timelab.measure.ProcessSample;
import timelab.measure.JfrRecording;
import timelab.measure.PeakThreadDump;
import timelab.measure.ServerEvents;
import timelab.server.AccessLogOptions;
import timelab.server.AccessLogStats;
import timelab.server.ServerControl;
import timelab.server.ServerListener;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.ServerStats;
import timelab.server.ServerStatus;
import timelab.server.StatusLine;
import timelab.server.TimeServer;

/** {@code timelab server}: runs a TIME server until Ctrl-C or SIGTERM. */
@Command(name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the TIME server (TIME -> JAM HH:mm:ss) with the chosen threading model until Ctrl-C or SIGTERM.",
            "Prints the bound address, then one status line per second and a final one at shutdown.",
            "Registers the MBean timelab:type=Server: 'timelab server-ctl --pid PID switch MODEL' (or JMC) switches "
                    + "the model live."
        })
final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "platform", paramLabel = "MODEL",
            description = "platform | fixed[:N] | cached | virtual | nio | single (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--pool-size", paramLabel = "N",
            description = "threads of the fixed model (default: number of CPUs)")
    Integer poolSize;

    @Option(names = "--service", defaultValue = "time", paramLabel = "NAME",
            description = "time | charcount (default: ${DEFAULT-VALUE})")
    String service;

    @Option(names = "--port", defaultValue = "45000",
            description = "TCP port; 0 = an ephemeral one, printed (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "address to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--carriers", paramLabel = "N",
            description = {"carrier threads of the virtual threads (the JDK's jdk.virtualThreadScheduler.parallelism), "
                    + ">= 1: JVM-wide and fixed when the first virtual thread starts, so a live switch to virtual "
                    + "gets them too (default: the JDK's, one per CPU)"})
    Integer carriers;

    @Option(names = "--backlog", paramLabel = "N",
            description = "listen backlog, >= 1 (default: 1 for single, 4096 otherwise; the kernel caps it at "
                    + "net.core.somaxconn)")
    Integer backlog;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "connections served at once; more get ERROR busy (default: open-file limit minus "
                    + "descriptors in use minus 32)")
    Integer maxConnections;

    @Option(names = "--max-line", defaultValue = "256", paramLabel = "BYTES",
            description = "longest request line (default: ${DEFAULT-VALUE})")
    int maxLine;

    @Option(names = "--line-timeout", defaultValue = "10s", converter = Converters.DurationConverter.class,
            paramLabel = "DURATION", description = "time to finish a started line (default: ${DEFAULT-VALUE})")
    Duration lineTimeout;

    @Option(names = "--idle-timeout", defaultValue = "30s", converter = Converters.DurationConverter.class,
            paramLabel = "DURATION", description = "close after this long without a byte; 0 = never "
                    + "(default: ${DEFAULT-VALUE})")
    Duration idleTimeout;

    @Option(names = "--write-timeout", defaultValue = "10s", converter = Converters.DurationConverter.class,
            paramLabel = "DURATION", description = "close a client that does not read its replies for this long "
                    + "(default: ${DEFAULT-VALUE})")
    Duration writeTimeout;

    @Option(names = "--grace", defaultValue = "5s", converter = Converters.DurationConverter.class,
            paramLabel = "DURATION", description = "on shutdown, time for in-flight requests (default: "
                    + "${DEFAULT-VALUE})")
    Duration grace;

    @Option(names = "--zone", converter = Converters.ZoneConverter.class, paramLabel = "ZONE",
            description = "time zone of the replies (default: the system's)")
    ZoneId zone;

    @Option(names = "--log-each", description = "print one line per accepted connection (total so far)")
    boolean logEach;

    @Option(names = "--status-interval", defaultValue = "1s", converter = Converters.DurationConverter.class,
            paramLabel = "DURATION", description = "how often to print the status line; 0 = only at shutdown "
                    + "(default: ${DEFAULT-VALUE})")
    Duration statusInterval;

    @Option(names = "--status-format", defaultValue = "human", converter = StatusOutput.FormatConverter.class,
            paramLabel = "FORMAT", description = "human: the status line; json: for programs, one JSON message per "
                    + "line for the address, each status and the final one (default: ${DEFAULT-VALUE})")
    StatusOutput.Format statusFormat;

    @Option(names = "--access-log", paramLabel = "FILE",
            description = "append one line per answered request to FILE (timestamp, client, request, reply, "
                    + "model); the server stops serving if FILE cannot be written")
    Path accessLog;

    @Option(names = "--access-log-fsync", defaultValue = "everysec", paramLabel = "MODE",
            description = "always (a reply waits until its line is on disk) | everysec | no; the log is always "
                    + "forced on shutdown (default: ${DEFAULT-VALUE})")
    String accessLogFsync;

    @Option(names = "--jfr", arity = "0..1", fallbackValue = "", paramLabel = "FILE",
            description = {"record a JFR recording with jfr/timelab.jfc's settings into FILE (default: "
                    + "jfr/server-<model>-<timestamp>.jfr); the path is printed at the end"})
    String jfr;

    @Option(names = "--thread-dump-at-peak",
            description = "write a JSON thread dump (virtual threads included) once the active connections peak "
                    + "and hold for 1 s: next to the --jfr file, or jfr/server-<model>-<timestamp>-threads-at-peak"
                    + ".json")
    boolean threadDumpAtPeak;

    @Override
    public Integer call() throws IOException {
        ServerOptions options = options();
        if (carriers != null) { // before anything starts a virtual thread: the JDK reads it once, for good
            System.setProperty("jdk.virtualThreadScheduler.parallelism", Integer.toString(carriers));
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<String> failure = new AtomicReference<>();
        Signals.onTerminate(stop::countDown);
        String label = options.model().label();
        Path evidence = jfr == null || jfr.isEmpty()
                ? JfrRecording.defaultPath("server", label, Instant.now(), ZoneId.systemDefault())
                : Path.of(jfr);
        JfrRecording recording = jfr == null ? null : JfrRecording.start("server", label, Optional.of(evidence));
        ServerEvents events = ServerEvents.inactive();
        if (recording != null) {
            events.activate(); // JFR is up already: every connection is recorded from the first one
        }
        TimeServer server;
        try {
            server = TimeServer.start(options, ServerListener.all(listener(out, failure, stop), events));
        } catch (BindException e) {
            discard(recording);
            throw new IOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage()
                    + (port == ServerOptions.DEFAULT_PORT ? " (another server on 45000? see README, \"Port 45000\")"
                            : ""), e);
        } catch (IOException | RuntimeException e) {
            discard(recording);
            throw e;
        }
        // JFR's metadata and the platform MBean server take a second or two to set up on a busy machine: serve first
        ExecutorService setup = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("timelab-setup").daemon().factory());
        Future<ConcurrencyEvents.Registration> concurrency = setup.submit(() -> {
            events.activate();
            return ConcurrencyEvents.register("server", ServerEvents.concurrencyOf(server));
        });
        Future<ServerControl> control = setup.submit(() -> registerControl(server, out));
        setup.shutdown();
        PeakThreadDump dumper = !threadDumpAtPeak ? null : PeakThreadDump.start(ServerEvents.concurrencyOf(server),
                sibling(evidence, "-threads-at-peak.json"), Duration.ofSeconds(1), line -> println(out, line));
        out.printf("timelab server: model=%s service=%s listening on %s:%d (backlog %d, max-connections %d%s) "
                        + "pid %d, Java %s%n",
                server.model().label(), options.service(), server.address().getAddress().getHostAddress(),
                server.port(), options.effectiveBacklog(), server.stats().maxConnections(),
                carriers == null ? "" : ", virtual-thread carriers " + carriers, ProcessHandle.current().pid(),
                Runtime.version());
        StatusOutput report = new StatusOutput(statusFormat, out);
        report.listening(server, options);
        if (options.accessLog() != null) {
            out.printf("access log: %s (fsync %s)%n", options.accessLog().file(),
                    options.accessLog().fsync().label());
        }
        if (recording != null) {
            out.println("JFR: recording to " + recording.path() + " (written at shutdown)");
        }
        out.println("Ctrl-C or SIGTERM stops it.");
        out.flush();
        ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("timelab-status").daemon().factory());
        try {
            if (!statusInterval.isZero()) {
                long ms = statusInterval.toMillis();
                status.scheduleAtFixedRate(() -> report.status(status(server.stats())), ms, ms,
                        TimeUnit.MILLISECONDS);
            }
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            status.shutdownNow();
            out.println("stopping: no new connections, in-flight requests get " + grace.toMillis() + " ms");
        } finally {
            status.shutdownNow();
            if (dumper != null) {
                dumper.close();
            }
            ServerControl c = done(control);
            if (c != null) {
                c.close();
            }
            server.close();
            report.finalStatus(status(server.stats()));
            println(out, servedLine(server.servedByModel()));
            server.accessLogStats().ifPresent(s -> println(out, accessLogLine(s)));
            ConcurrencyEvents.Registration r = done(concurrency);
            if (r != null) {
                r.close();
            }
            if (recording != null) {
                println(out, "JFR recording: " + recording.stop());
            }
        }
        if (failure.get() != null) {
            spec.commandLine().getErr().println("timelab: " + failure.get());
            return ExitCode.ERROR.code();
        }
        return ExitCode.OK.code();
    }

    /** What the access log did, printed at shutdown. */
    static String accessLogLine(AccessLogStats s) {
        return "access log: " + lines(s.written()) + " in " + s.file()
                + (s.failure() == null ? ", forced to disk"
                        : "; FAILED (" + s.failure() + "), " + lines(s.lost()) + " not written");
    }

    private static String lines(long n) {
        return n + (n == 1 ? " line" : " lines");
    }

    /** The MBean for JMC and {@code timelab server-ctl}; a server without it still serves. */
    private ServerControl registerControl(TimeServer server, PrintWriter out) {
        try {
            ServerControl c = ServerControl.register(server, poolSize(), what -> println(out, "switched model "
                    + what + " (live): new connections go to it, established ones finish on the model that "
                    + "accepted them"));
            println(out, "control: 'timelab server-ctl --pid " + ProcessHandle.current().pid()
                    + " status|switch MODEL', or JMC's MBean browser (" + ServerControl.OBJECT_NAME + ")");
            return c;
        } catch (IllegalStateException e) {
            println(out, "problem: " + e.getMessage() + "; server-ctl and JMC cannot switch this server");
            return null;
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

    /** {@code dir/name.jfr} → {@code dir/name<suffix>}. */
    static Path sibling(Path jfrFile, String suffix) {
        String name = jfrFile.getFileName().toString();
        String stem = name.endsWith(".jfr") ? name.substring(0, name.length() - 4) : name;
        return jfrFile.resolveSibling(stem + suffix);
    }

    /** Which model served how many connections: {@code served-by-model platform=10 virtual=20}. */
    static String servedLine(Map<String, Long> servedByModel) {
        StringBuilder b = new StringBuilder("served-by-model");
        new TreeMap<>(servedByModel).forEach((model, n) -> b.append(' ').append(model).append('=').append(n));
        return b.toString();
    }

    private static void println(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }

    private int poolSize() {
        return poolSize != null ? poolSize : Runtime.getRuntime().availableProcessors();
    }

    private ServerOptions options() {
        int pool = poolSize();
        try {
            if (poolSize != null && poolSize < 1) {
                throw new IllegalArgumentException("--pool-size must be at least 1");
            }
            if (carriers != null && carriers < 1) {
                throw new IllegalArgumentException("--carriers must be at least 1");
            }
            if (backlog != null && backlog < 1) {
                throw new IllegalArgumentException("--backlog must be at least 1 (Java would read 0 as \"default 50\")");
            }
            if (maxConnections != null && maxConnections < 1) {
                throw new IllegalArgumentException("--max-connections must be at least 1");
            }
            if (!service.equals("time") && !service.equals("charcount")) {
                throw new IllegalArgumentException("--service must be time or charcount, was '" + service + "'");
            }
            AccessLogOptions.Fsync fsync = AccessLogOptions.Fsync.parse(accessLogFsync);
            AccessLogOptions log = accessLog == null ? null : AccessLogOptions.of(accessLog).withFsync(fsync);
            return new ServerOptions(ServerModel.parse(model, pool), service, address(bind), port,
                    backlog == null ? 0 : backlog, maxConnections == null ? 0 : maxConnections, maxLine,
                    lineTimeout, idleTimeout, writeTimeout, grace, zone == null ? ZoneId.systemDefault() : zone,
                    log);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind: unknown address '" + host + "'");
        }
    }

    private ServerListener listener(PrintWriter out, AtomicReference<String> failure, CountDownLatch stop) {
        return new ServerListener() {
            @Override
            public void failed(String message) {
                failure.compareAndSet(null, message);
                out.println("problem: " + message);
                out.flush();
                stop.countDown(); // the main thread closes the server and exits with code 3
            }

            @Override
            public void accepted(long total, String remote) {
                if (logEach) {
                    out.println("connection " + total + " from " + remote);
                    out.flush();
                }
            }

            @Override
            public void problem(String message) {
                out.println("problem: " + message);
                out.flush();
            }
        };
    }

    /** One line of key=value pairs, stable for scripts: see README, "The status line". */
    static String statusLine(ServerStats s, ProcessSample self) {
        return StatusLine.format(s, self.openFds(), self.rssBytes());
    }

    private static ServerStatus status(ServerStats s) {
        ProcessSample self = ProcessProbe.self().sample();
        return ServerStatus.of(s, self.openFds(), self.rssBytes());
    }
}
