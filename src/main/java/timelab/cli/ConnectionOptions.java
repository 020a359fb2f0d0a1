package timelab.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import timelab.server.AccessLogOptions;

/** How a server treats each connection: line limits, timeouts, the grace period, the access log (a mixin). */
final class ConnectionOptions {

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

    @Option(names = "--access-log", paramLabel = "FILE",
            description = "append one line per answered request to FILE (timestamp, client, request, reply, "
                    + "model); the server stops serving if FILE cannot be written")
    Path accessLog;

    @Option(names = "--access-log-fsync", defaultValue = "everysec", paramLabel = "MODE",
            converter = ChoiceConverters.FsyncConverter.class,
            description = "always (a reply waits until its line is on disk) | everysec | no; the log is always "
                    + "forced on shutdown (default: ${DEFAULT-VALUE})")
    AccessLogOptions.Fsync accessLogFsync;

    /** The access log, or {@code null}. */
    AccessLogOptions accessLog() {
        return accessLog == null ? null : AccessLogOptions.of(accessLog).withFsync(accessLogFsync);
    }
}
