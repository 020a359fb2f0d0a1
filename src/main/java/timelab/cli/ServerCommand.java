package timelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import timelab.server.AccessLogOptions;
import timelab.server.AccessLogStats;
import timelab.server.ServerListener;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.ServerStats;
import timelab.server.StatusLine;
import timelab.server.TimeServer;

/** {@code timelab server}: runs a TIME server until Ctrl-C or SIGTERM. */
@Command(name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the TIME server (TIME -> JAM HH:mm:ss) with the chosen threading model until Ctrl-C or SIGTERM.",
            "Prints the bound address, then one status line per second and a final one at shutdown."
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

    @Option(names = "--access-log", paramLabel = "FILE",
            description = "append one line per answered request to FILE (timestamp, client, request, reply, "
                    + "model); the server stops serving if FILE cannot be written")
    Path accessLog;

    @Option(names = "--access-log-fsync", defaultValue = "everysec", paramLabel = "MODE",
            description = "always (a reply waits until its line is on disk) | everysec | no; the log is always "
                    + "forced on shutdown (default: ${DEFAULT-VALUE})")
    String accessLogFsync;

    @Override
    public Integer call() throws IOException {
        ServerOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<String> failure = new AtomicReference<>();
        Signals.onTerminate(stop::countDown);
        TimeServer server;
        try {
            server = TimeServer.start(options, listener(out, failure, stop));
        } catch (BindException e) {
            throw new IOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage()
                    + (port == ServerOptions.DEFAULT_PORT ? " (another server on 45000? see README, \"Port 45000\")"
                            : ""), e);
        }
        out.printf("timelab server: model=%s service=%s listening on %s:%d (backlog %d, max-connections %d) "
                        + "pid %d, Java %s%n",
                server.model().label(), options.service(), server.address().getAddress().getHostAddress(),
                server.port(), options.effectiveBacklog(), server.stats().maxConnections(),
                ProcessHandle.current().pid(), Runtime.version());
        if (options.accessLog() != null) {
            out.printf("access log: %s (fsync %s)%n", options.accessLog().file(),
                    options.accessLog().fsync().label());
        }
        out.println("Ctrl-C or SIGTERM stops it.");
        out.flush();
        ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("timelab-status").daemon().factory());
        if (!statusInterval.isZero()) {
            long ms = statusInterval.toMillis();
            status.scheduleAtFixedRate(() -> printStatus(out, server.stats()), ms, ms, TimeUnit.MILLISECONDS);
        }
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        status.shutdownNow();
        out.println("stopping: no new connections, in-flight requests get " + grace.toMillis() + " ms");
        server.close();
        out.print("final ");
        printStatus(out, server.stats());
        server.accessLogStats().ifPresent(s -> out.println(accessLogLine(s)));
        out.flush();
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

    private ServerOptions options() {
        int pool = poolSize != null ? poolSize : Runtime.getRuntime().availableProcessors();
        try {
            if (poolSize != null && poolSize < 1) {
                throw new IllegalArgumentException("--pool-size must be at least 1");
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
    static String statusLine(ServerStats s) {
        return StatusLine.format(s);
    }

    private static void printStatus(PrintWriter out, ServerStats s) {
        out.println(statusLine(s));
        out.flush();
    }
}
