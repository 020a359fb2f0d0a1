package timelab.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import timelab.client.ClientObserver.ConnectionResult;

/**
 * The lines between a parent and a child JVM. Pure encoding and decoding.
 *
 * <p>Child → parent, on the child's standard output (its standard error is merged in, so JVM errors land among the
 * "last lines" a failure shows): {@code @ready} once the child is up and its arguments are checked;
 * {@code @progress STARTED OK FAILED OPEN} every 100 ms; {@code @held OPEN} when its first hold wave is connected (it
 * then waits for {@code go}); {@code @conn …} per finished connection when asked; and, last, exactly one JSON line,
 * the {@link WorkerReport}. Anything else is kept as output. Parent → child, on its standard input: {@code go}
 * (release the hold) and {@code stop} (start no more clients); end of input (the parent died) also means stop.
 */
final class WorkerProtocol {

    static final String READY = "@ready";
    static final String PROGRESS = "@progress ";
    static final String HELD = "@held ";
    static final String CONN = "@conn ";
    static final String GO = "go";
    static final String STOP = "stop";

    private WorkerProtocol() {}

    static String progress(Progress p) {
        return PROGRESS + p.started() + " " + p.ok() + " " + p.failed() + " " + p.open();
    }

    static String held(long open) {
        return HELD + open;
    }

    /**
     * {@code @conn CLIENT KIND|ok CONNECT_NANOS REQUEST_NANOS REQUESTS_OK RAW REPLY}, strings Base64 ({@code -}: none).
     */
    static String connection(ConnectionResult r) {
        String kind;
        String raw;
        switch (r.outcome()) {
            case Outcome.Ok ok -> {
                kind = "ok";
                raw = null;
            }
            case Outcome.Failed f -> {
                kind = f.kind().label();
                raw = f.rawMessage();
            }
        }
        return CONN + r.client() + " " + kind + " " + r.connectNanos() + " " + r.requestNanos() + " " + r.requestsOk()
                + " " + b64(raw) + " " + b64(r.lastReply());
    }

    /** Reads a {@link #connection} line back, with the parent's strategy label. */
    static ConnectionResult parseConnection(String line, String strategy) {
        String[] f = line.substring(CONN.length()).split(" ", -1);
        if (f.length != 7) {
            throw new IllegalArgumentException("not a connection line: " + line);
        }
        Outcome outcome = f[1].equals("ok") ? Outcome.OK
                : new Outcome.Failed(FailureKind.ofLabel(f[1]), unb64(f[5]));
        return new ConnectionResult(strategy, Integer.parseInt(f[0]), outcome, Long.parseLong(f[2]),
                Long.parseLong(f[3]), Integer.parseInt(f[4]), unb64(f[6]));
    }

    /** The numbers after a {@code @progress} or {@code @held} prefix. */
    static long[] numbers(String line, String prefix) {
        String[] f = line.substring(prefix.length()).trim().split(" ");
        long[] n = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            n[i] = Long.parseLong(f[i]);
        }
        return n;
    }

    private static String b64(String s) {
        return s == null ? "-" : Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return s.equals("-") ? null : new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
