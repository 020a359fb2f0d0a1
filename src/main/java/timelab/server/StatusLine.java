package timelab.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's status line: one line of {@code key=value} pairs, printed by {@code timelab server} once per interval
 * and at shutdown, for humans and for scripts that read it (programs that start a server read its JSON messages
 * instead: {@code --status-format json}). Format and parser live together here so that they cannot drift apart.
 * Keys are stable (docs/reference/status-line.md).
 */
public final class StatusLine {

    /** The first word of every status line. */
    public static final String PREFIX = "status";

    private StatusLine() {}

    /**
     * @param openFds the server process's open descriptors, -1 when unknown
     * @param rssBytes the server process's resident memory, -1 when unknown
     */
    public static String format(ServerStats s, long openFds, long rssBytes) {
        return format(ServerStatus.of(s, openFds, rssBytes));
    }

    /** The line of a status. */
    public static String format(ServerStatus s) {
        return String.format("%s model=%s accepted=%d active=%d peak=%d requests=%d errors=%d busy=%d "
                        + "accept-failures=%d no-thread=%d platform-threads=%d peak-platform-threads=%d "
                        + "virtual-threads=%d peak-virtual-threads=%d work=%s in-flight=%d peak-in-flight=%d queued=%d "
                        + "peak-queued=%d open-fds=%d rss-kb=%d",
                PREFIX, s.model().label(), s.accepted(), s.active(), s.peak(), s.requests(), s.errors(), s.busy(),
                s.acceptFailures(), s.noThread(), s.platformThreads(), s.peakPlatformThreads(), s.virtualThreads(),
                s.peakVirtualThreads(), s.work().label(), s.inFlight(), s.peakInFlight(), s.queued(), s.peakQueued(),
                s.openFds(), s.rssKb());
    }

    /**
     * The pairs of a status line (also one prefixed {@code final}), in order; empty when {@code line} is not one.
     */
    public static Map<String, String> parse(String line) {
        String l = line.startsWith("final ") ? line.substring(6) : line;
        Map<String, String> pairs = new LinkedHashMap<>();
        if (!l.startsWith(PREFIX + " ")) {
            return pairs;
        }
        for (String word : l.substring(PREFIX.length() + 1).split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                pairs.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return pairs;
    }
}
