package timelab.cli;

import java.io.PrintWriter;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import timelab.fork.Message;
import timelab.fork.Messages;
import timelab.server.ServerOptions;
import timelab.server.ServerStatus;
import timelab.server.StatusLine;
import timelab.server.TimeServer;

/**
 * What {@code timelab server} prints for whoever reads its output ({@code --status-format}): for humans, the banner
 * and the key=value status line (README, "The status line"); for programs, in addition to the banner, one
 * {@link Message.Listening} line, and {@link Message.Status} / {@link Message.Final} lines instead of the status
 * lines. Other lines (access log, JFR, problems) are the same in both. Threading: the status ticker and the main
 * thread print through one {@link PrintWriter}, one whole line at a time.
 */
final class StatusOutput {

    /** The two formats. */
    enum Format {
        HUMAN("human"), JSON("json");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** {@code human} or {@code json}. */
    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            for (Format f : Format.values()) {
                if (f.label().equals(value)) {
                    return f;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a status format: human or json");
        }
    }

    private final Format format;
    private final PrintWriter out;

    StatusOutput(Format format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    /** After the banner: where the server listens (only for programs: humans read the banner). */
    void listening(TimeServer server, ServerOptions options) {
        switch (format) {
            case HUMAN -> { }
            case JSON -> line(Messages.encode(new Message.Listening(server.address().getAddress().getHostAddress(),
                    server.port(), options.effectiveBacklog(), server.stats().maxConnections(),
                    ProcessHandle.current().pid(), server.model().label(), String.valueOf(options.service()))));
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
