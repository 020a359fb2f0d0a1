package timelab.cli;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import timelab.app.ServerApp;
import timelab.app.ServerAppConfig;
import timelab.app.ServerWorkers;
import timelab.app.StatusFormat;
import timelab.fork.JavaRuntime;
import timelab.netty.Transport;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.service.ServiceKind;

/** {@code timelab server}: runs a TIME server until Ctrl-C or SIGTERM ({@link ServerApp}). */
@Command(name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the TIME server (TIME -> JAM HH:mm:ss) with the chosen threading model until Ctrl-C or SIGTERM.",
            "Prints the bound address, then one status line per second and a final one at shutdown.",
            "--processes N forks N worker JVMs on one port (SO_REUSEPORT), as nginx does; the status lines are their "
                    + "totals, with one line per worker.",
            "Registers the MBean timelab:type=Server: 'timelab server-ctl --pid PID switch MODEL' (or JMC) switches "
                    + "the model live."
        })
final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "platform", paramLabel = "MODEL",
            converter = ChoiceConverters.ModelConverter.class,
            description = "platform | fixed[:N] | cached | virtual | nio | single | netty[:N][/TRANSPORT] (netty: N "
                    + "event loops, default one per CPU) (default: ${DEFAULT-VALUE})")
    ChoiceConverters.TransportSpec<ServerModel> model;

    @Option(names = "--transport", paramLabel = "TRANSPORT", converter = ChoiceConverters.TransportConverter.class,
            description = "io_uring | epoll | nio: Netty's transport for --model netty when the model names none "
                    + "(default: the best that loads here, io_uring first; one that cannot start falls back to the "
                    + "next, and the banner says why)")
    Transport transport;

    @Mixin
    PoolSizeOption pool;

    @Option(names = "--service", defaultValue = "time", paramLabel = "NAME",
            converter = ChoiceConverters.ServiceConverter.class, description = "time | charcount | echo (answers "
                    + "with --reply) | greet (speaks first: --reply right after accept, then closes) (default: "
                    + "${DEFAULT-VALUE})")
    ServiceKind service;

    @Mixin
    ListenOptions listen;

    @Mixin
    HandlingOptions handling;

    @Option(names = "--reuse-port",
            description = "bind with SO_REUSEPORT: other servers with it on can bind the same address and port, and "
                    + "the kernel spreads new connections over them by a hash of each connection's addresses and ports")
    boolean reusePort;

    @Option(names = "--processes", defaultValue = "1", paramLabel = "N",
            description = "worker processes, >= 1: more than 1 makes this a parent that forks N worker JVMs of the "
                    + "model on one port (implies --reuse-port; port 0: the first worker's), serves nothing itself "
                    + "and prints their totals and one line per worker; a live switch is refused "
                    + "(default: ${DEFAULT-VALUE})")
    int processes;

    @Option(names = "--carriers", paramLabel = "N",
            description = {"carrier threads of the virtual threads (the JDK's jdk.virtualThreadScheduler.parallelism), "
                    + ">= 1: JVM-wide and fixed when the first virtual thread starts, so a live switch to virtual "
                    + "gets them too (default: the JDK's, one per CPU)"})
    Integer carriers;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--zone", converter = Converters.ZoneConverter.class, paramLabel = "ZONE",
            description = "time zone of the replies (default: the system's)")
    ZoneId zone;

    @Option(names = "--log-each", description = "print one line per accepted connection (total so far)")
    boolean logEach;

    @Option(names = "--status-interval", defaultValue = "1s", converter = Converters.DurationConverter.class,
            paramLabel = "DURATION", description = "how often to print the status line; 0 = only at shutdown "
                    + "(default: ${DEFAULT-VALUE})")
    Duration statusInterval;

    @Option(names = "--status-format", defaultValue = "human", converter = ChoiceConverters.StatusFormatConverter.class,
            paramLabel = "FORMAT", description = "human: the status line; json: for programs, one JSON message per "
                    + "line for the address, each status and the final one (default: ${DEFAULT-VALUE})")
    StatusFormat statusFormat;

    @Mixin
    JfrOption jfr;

    @Option(names = "--thread-dump-at-peak",
            description = "write a JSON thread dump (virtual threads included) once the active connections peak "
                    + "and hold for 1 s: next to the --jfr file, or jfr/server-<model>-<timestamp>-threads-at-peak"
                    + ".json")
    boolean threadDumpAtPeak;

    @Override
    public Integer call() throws IOException {
        ServerAppConfig config = Usage.check(spec, this::config);
        if (config.processes() > 1) {
            ServerWorkers workers = new ServerWorkers(config, spec.commandLine().getOut(),
                    spec.commandLine().getErr(), JavaRuntime.current());
            Signals.onTerminate(workers::stop);
            return workers.run().code();
        }
        ServerApp app = new ServerApp(config, spec.commandLine().getOut(), spec.commandLine().getErr(),
                InstantSource.system());
        Signals.onTerminate(app::stop);
        return app.run().code();
    }

    /** The app's record; {@link IllegalArgumentException} when the options do not make one. */
    ServerAppConfig config() {
        return new ServerAppConfig(options(), pool.orCpus(), carriers, statusInterval, statusFormat, logEach,
                jfr.evidence(threadDumpAtPeak), processes).withProcesses(processes);
    }

    /** The server's record; {@link IllegalArgumentException} when the options do not make one. */
    private ServerOptions options() {
        return new ServerOptions(model.resolve(pool.orCpus(), transport), service, listen.address(), listen.port,
                listen.backlogOrDefault(), listen.maxConnectionsOrDerived(), connection.maxLine,
                connection.lineTimeout, connection.idleTimeout, connection.writeTimeout, connection.grace,
                zone == null ? ZoneId.systemDefault() : zone, connection.accessLog())
                .withHandling(handling.handling()).withReusePort(reusePort);
    }
}
