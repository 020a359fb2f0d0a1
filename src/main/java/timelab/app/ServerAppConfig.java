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
 */
public record ServerAppConfig(ServerOptions server, int poolSize, Integer carriers, Duration statusInterval,
        StatusFormat statusFormat, boolean logEach, Evidence evidence) {

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
        if (statusInterval.isNegative()) {
            throw new IllegalArgumentException("--status-interval must not be negative, was " + statusInterval);
        }
    }

    /** {@code server} with the command line's defaults: status for humans every second, no evidence. */
    public static ServerAppConfig of(ServerOptions server) {
        return new ServerAppConfig(server, Runtime.getRuntime().availableProcessors(), null, Duration.ofSeconds(1),
                StatusFormat.HUMAN, false, Evidence.NONE);
    }

    /** With {@code options} as the server's. */
    public ServerAppConfig withServer(ServerOptions options) {
        return new ServerAppConfig(options, poolSize, carriers, statusInterval, statusFormat, logEach, evidence);
    }

    /** With the server on {@code model}: an experiment's template made one run's config. */
    public ServerAppConfig withModel(ServerModel model) {
        return withServer(server.withModel(model));
    }

    public ServerAppConfig withStatusFormat(StatusFormat format) {
        return new ServerAppConfig(server, poolSize, carriers, statusInterval, format, logEach, evidence);
    }

    public ServerAppConfig withEvidence(Evidence e) {
        return new ServerAppConfig(server, poolSize, carriers, statusInterval, statusFormat, logEach, e);
    }
}
