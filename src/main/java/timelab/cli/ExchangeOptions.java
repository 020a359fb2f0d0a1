package timelab.cli;

import picocli.CommandLine.Option;
import timelab.client.ExchangeKind;
import timelab.client.LoadPlan;

/** What each client connection sends and expects: the service and its lines (a picocli mixin). */
final class ExchangeOptions {

    @Option(names = "--service", paramLabel = "NAME", converter = ChoiceConverters.ExchangeConverter.class,
            description = "time | charcount | line (default: time; line when --send is given)")
    ExchangeKind service;

    @Option(names = "--message", paramLabel = "TEMPLATE",
            description = "charcount: the line to send; {n} = client number, {r} = request number")
    String message;

    @Option(names = "--send", paramLabel = "LINE", description = "the request line ({n}, {r} as for --message)")
    String send;

    @Option(names = "--expect", paramLabel = "PREFIX", description = "line: a reply must start with this")
    String expect;

    @Option(names = "--quit", paramLabel = "LINE",
            description = "sent after the requests (default: QUIT for time and charcount, nothing for line)")
    String quit;

    /** The record; {@link IllegalArgumentException} when the options do not make one. */
    LoadPlan.Exchange exchange() {
        ExchangeKind svc = service != null ? service
                : (send != null || expect != null) && message == null ? ExchangeKind.LINE
                : message != null ? ExchangeKind.CHARCOUNT : ExchangeKind.TIME;
        if (message != null && send != null) {
            throw new IllegalArgumentException("give --message or --send, not both");
        }
        String line = message != null ? message : send;
        if (expect != null && svc != ExchangeKind.LINE) {
            throw new IllegalArgumentException("--expect applies to --service line only (time and charcount replies "
                    + "are checked exactly)");
        }
        return switch (svc) {
            case TIME -> new LoadPlan.Exchange(svc, line == null ? "TIME" : line, "", quit == null ? "QUIT" : quit);
            case CHARCOUNT -> {
                if (line == null) {
                    throw new IllegalArgumentException("--service charcount needs --message, e.g. --message 'abc{n}a'");
                }
                yield new LoadPlan.Exchange(svc, line, "", quit == null ? "QUIT" : quit);
            }
            case LINE -> {
                if (line == null) {
                    throw new IllegalArgumentException("--service line needs --send, e.g. --send PING --expect +PONG");
                }
                yield LoadPlan.Exchange.line(line, expect, quit);
            }
        };
    }
}
