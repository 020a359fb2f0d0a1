package timelab.app;

import java.time.Duration;
import java.util.Objects;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;

/**
 * Everything {@link ServerApp} runs with: the server itself and what the application around it does. Validated
 * here; round-trips through {@link AppJson}.
 *
 * @param server the server's options
 * @param poolSize the pool size a live switch to {@code fixed} without a size gets (the command line's
 *     {@code --pool-size}), ≥ 1
 * @param carriers carrier threads of the virtual threads ({@code jdk.virtualThreadScheduler.parallelism}), ≥ 1;
 *     {@code null}: the JDK's default (one per CPU). JVM-wide and fixed once the first virtual thread starts
 * @param statusInterval how often the status line is printed; zero = only the final one at shutdown
 * @param statusFormat for whom: the status line for humans, or messages for a program
 * @param logEach print one line per accepted connection
 * @param evidence the JFR recording and the thread dump at peak
 * @param processes worker processes ({@code --processes}), ≥ 1: 1 serves in this JVM; more makes this JVM a parent
 *     that forks that many workers of the same model on one port ({@link ServerWorkers}), each with
 *     {@code SO_REUSEPORT}, and prints their totals
 */
public record ServerAppConfig(ServerOptions server, int poolSize, Integer carriers, Duration statusInterval,
        StatusFormat statusFormat, boolean logEach, Evidence evidence, int processes) {

    public ServerAppConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(statusInterval, "statusInterval");
        Objects.requireNonNull(statusFormat, "statusFormat");
        Objects.requireNonNull(evidence, "evidence");
        if (poolSize < 1) {
            throw new IllegalArgumentException("--pool-size must be at least 1");
        }
        if (carriers != null && carriers < 1) {
            throw new IllegalArgumentException("--carriers must be at least 1");
        }
        if (processes < 1) {
            throw new IllegalArgumentException("--processes must be at least 1, was " + processes);
        }
        if (processes > 1 && (evidence.jfr() || evidence.threadDumpAtPeak())) {
            throw new IllegalArgumentException("--jfr and --thread-dump-at-peak record one process: not with "
                    + "--processes " + processes + " (record a worker with 'jcmd PID JFR.start')");
        }
        if (processes > 1 && server.accessLog() != null) {
            throw new IllegalArgumentException("--access-log writes one file from one process: not with --processes "
                    + processes);
        }
        if (statusInterval.isNegative()) {
            throw new IllegalArgumentException("--status-interval must not be negative, was " + statusInterval);
        }
    }

    /** One process, no workers. */
    public ServerAppConfig(ServerOptions server, int poolSize, Integer carriers, Duration statusInterval,
            StatusFormat statusFormat, boolean logEach, Evidence evidence) {
        this(server, poolSize, carriers, statusInterval, statusFormat, logEach, evidence, 1);
    }

    /** {@code server} with the command line's defaults: status for humans every second, no evidence. */
    public static ServerAppConfig of(ServerOptions server) {
        return new ServerAppConfig(server, Runtime.getRuntime().availableProcessors(), null, Duration.ofSeconds(1),
                StatusFormat.HUMAN, false, Evidence.NONE);
    }

    /** With {@code options} as the server's. */
    public ServerAppConfig withServer(ServerOptions options) {
        return new ServerAppConfig(options, poolSize, carriers, statusInterval, statusFormat, logEach, evidence,
                processes);
    }

    /** With the server on {@code model}: an experiment's template made one run's config. */
    public ServerAppConfig withModel(ServerModel model) {
        return withServer(server.withModel(model));
    }

    /**
     * With {@code n} processes; more than one binds with {@code SO_REUSEPORT} (the workers share the port).
     */
    public ServerAppConfig withProcesses(int n) {
        ServerOptions s = n > 1 ? server.withReusePort(true) : server;
        return new ServerAppConfig(s, poolSize, carriers, statusInterval, statusFormat, logEach, evidence, n);
    }

    /** A worker's config: this one in one process, with {@code SO_REUSEPORT}, on {@code port}, for a program. */
    ServerAppConfig worker(int port) {
        return new ServerAppConfig(server.withReusePort(true).withPort(port), poolSize, carriers, statusInterval,
                StatusFormat.JSON, logEach, evidence, 1);
    }

    public ServerAppConfig withStatusFormat(StatusFormat format) {
        return new ServerAppConfig(server, poolSize, carriers, statusInterval, format, logEach, evidence,
                processes);
    }

    public ServerAppConfig withEvidence(Evidence e) {
        return new ServerAppConfig(server, poolSize, carriers, statusInterval, statusFormat, logEach, e, processes);
    }
}
