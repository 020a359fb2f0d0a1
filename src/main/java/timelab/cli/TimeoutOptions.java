package timelab.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --connect-timeout} and {@code --read-timeout} of every client (a picocli mixin). */
final class TimeoutOptions {

    @Option(names = "--connect-timeout", defaultValue = "5s", converter = Converters.DurationConverter.class,
            paramLabel = "D", description = "each client's connect timeout (default: ${DEFAULT-VALUE})")
    Duration connectTimeout;

    @Option(names = "--read-timeout", defaultValue = "10s", converter = Converters.DurationConverter.class,
            paramLabel = "D", description = "each client's read timeout (default: ${DEFAULT-VALUE})")
    Duration readTimeout;
}
