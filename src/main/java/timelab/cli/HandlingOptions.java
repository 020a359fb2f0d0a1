package timelab.cli;

import java.time.Duration;
import picocli.CommandLine.Option;
import timelab.server.Handling;
import timelab.work.Work;

/**
 * How the server handles each request, whatever its model: {@code --work} and {@code --backend-timeout} (a picocli
 * mixin of {@code timelab server}). The experiments set the same {@link Handling} in code.
 */
final class HandlingOptions {

    @Option(names = "--work", defaultValue = "none", paramLabel = "SPEC",
            converter = ChoiceConverters.WorkConverter.class,
            description = "work done for each request before its reply: none | sleep:D | delay:D | cpu:D | pinned:D | "
                    + "call:HOST:PORT[xK]; D is 50ms, 20ms..80ms (uniform) or exp:20ms (exponential mean) "
                    + "(default: ${DEFAULT-VALUE})")
    Work work;

    @Option(names = "--backend-timeout", defaultValue = "5s", paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "longest one backend round trip of --work call may take; slower is ERROR backend timeout "
                    + "(default: ${DEFAULT-VALUE})")
    Duration backendTimeout;

    /** The handling these options ask for; {@link IllegalArgumentException} when they do not make one. */
    Handling handling() {
        Handling d = Handling.DEFAULT;
        return new Handling(work, backendTimeout, d.framing(), d.reply(), d.oneRequest());
    }
}
