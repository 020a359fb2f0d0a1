package timelab.app;

import java.io.PrintWriter;
import timelab.fork.Jdk;
import timelab.fork.Message;
import timelab.fork.Messages;
import timelab.server.ServerOptions;
import timelab.server.ServerStatus;
import timelab.server.StatusLine;
import timelab.server.TimeServer;

/**
 * What {@link ServerApp} prints for whoever reads its output ({@link StatusFormat}): for humans, the key=value
 * status line (docs/reference/status-line.md); for programs, in addition to the banner, one {@link Message.Listening}
 * line, and {@link Message.Status} / {@link Message.Final} lines instead of the status lines. Other lines (access log,
 * JFR, problems) are the same in both. Threading: the status ticker and the main thread print through one {@link
 * PrintWriter}, one whole line at a time (synchronized on it, as {@link ServerApp} does).
 */
final class StatusOutput {

    private final StatusFormat format;
    private final PrintWriter out;

    StatusOutput(StatusFormat format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    /** After the banner: where the server listens (only for programs: humans read the banner). */
    void listening(TimeServer server, ServerOptions options) {
        switch (format) {
            case HUMAN -> { }
            case JSON -> line(Messages.encode(new Message.Listening(server.address().getAddress().getHostAddress(),
                    server.port(), options.effectiveBacklog(), server.stats().maxConnections(),
                    ProcessHandle.current().pid(), server.model(), options.service(), Jdk.current())));
        }
    }

    /** A periodic status. */
    void status(ServerStatus s) {
        line(switch (format) {
            case HUMAN -> StatusLine.format(s);
            case JSON -> Messages.encode(new Message.Status(s));
        });
    }

    /** The status at shutdown. */
    void finalStatus(ServerStatus s) {
        line(switch (format) {
            case HUMAN -> "final " + StatusLine.format(s);
            case JSON -> Messages.encode(new Message.Final(s));
        });
    }

    private void line(String s) {
        synchronized (out) {
            out.println(s);
            out.flush();
        }
    }
}
