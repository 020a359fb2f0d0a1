package timelab.cli;

import java.time.Duration;
import picocli.CommandLine.Option;
import timelab.protocol.Framing;
import timelab.server.Handling;
import timelab.work.Work;

/**
 * How the server handles each request, whatever its model: {@code --work}, {@code --backend-timeout},
 * {@code --framing}, {@code --reply} and {@code --one-request} (a picocli mixin of {@code timelab server}). The
 * experiments set the same {@link Handling} in code.
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

    @Option(names = "--framing", defaultValue = "line", paramLabel = "FRAMING",
            converter = ChoiceConverters.FramingConverter.class,
            description = "line: a request is a line ending in LF (CR LF); chunk: a request is what one read returns, "
                    + "at most 1024 bytes, no newline needed, as Python's recv(1024) (default: ${DEFAULT-VALUE})")
    Framing framing;

    @Option(names = "--reply", paramLabel = "TEMPLATE",
            description = "echo: the reply, {msg} standing for the request (default: {msg}); greet: the greeting "
                    + "(default: the TIME reply); \\n \\r \\t \\\\ are escapes; ends in CR LF with --framing "
                    + "line, in nothing with chunk")
    String reply;

    @Option(names = "--one-request", description = "close each connection after its first reply, as the coursework's "
            + "servers do")
    boolean oneRequest;

    /** The handling these options ask for; {@link IllegalArgumentException} when they do not make one. */
    Handling handling() {
        return new Handling(work, backendTimeout, framing, reply, oneRequest);
    }
}
