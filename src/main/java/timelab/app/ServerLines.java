package timelab.app;

import java.util.Map;
import java.util.TreeMap;
import timelab.measure.ProcessSample;
import timelab.server.AccessLogStats;
import timelab.server.ServerStats;
import timelab.server.StatusLine;

/** The server's lines that scripts read, stable in form (docs/reference/status-line.md). Pure. */
public final class ServerLines {

    private ServerLines() {}

    /** One line of key=value pairs: the server's counters and the process's descriptors and memory. */
    public static String statusLine(ServerStats s, ProcessSample self) {
        return StatusLine.format(s, self.openFds(), self.rssBytes());
    }

    /** Which model served how many connections: {@code served-by-model platform=10 virtual=20}. */
    public static String servedLine(Map<String, Long> servedByModel) {
        StringBuilder b = new StringBuilder("served-by-model");
        new TreeMap<>(servedByModel).forEach((model, n) -> b.append(' ').append(model).append('=').append(n));
        return b.toString();
    }

    /** What the access log did, printed at shutdown. */
    static String accessLogLine(AccessLogStats s) {
        return "access log: " + lines(s.written()) + " in " + s.file()
                + (s.failure() == null ? ", forced to disk"
                        : "; FAILED (" + s.failure() + "), " + lines(s.lost()) + " not written");
    }

    private static String lines(long n) {
        return n + (n == 1 ? " line" : " lines");
    }
}
