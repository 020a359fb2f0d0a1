package timelab.client;

import java.net.BindException;
import java.net.SocketTimeoutException;
import java.util.Locale;

/**
 * Turns what went wrong into a {@link FailureKind}: a pure function of the exception (type <em>and</em> message —
 * the JDK reports several errnos through the same exception type) and the {@link Phase} of the connection's life it
 * happened in. The messages are Linux's {@code strerror} texts as the JDK passes them on (docs/explanation/facts.md,
 * "Java's exceptions per failure").
 *
 * <p><b>Never served versus read timeout.</b> A read that times out is {@link FailureKind#NEVER_SERVED} when not one
 * byte had been read on that connection, and {@link FailureKind#READ_TIMEOUT} when some had. The distinction is what
 * the client can see: with SYN cookies and a full accept queue the client's connect succeeds (its kernel got a
 * SYN-ACK) although the server process never accepted the connection, so the first symptom is silence from the
 * start; a server that answered before and then went quiet did accept and serve, and is stalled instead. The
 * caller tracks "any byte read" per connection, across requests, and passes it in.
 */
public final class FailureClassifier {

    /** Where in a client's life a failure happened. */
    enum Phase {
        /** Starting the thread (or pool task) that carries the client. */
        START,
        /** Starting the child JVM that carries the client. */
        SPAWN,
        /** Binding the socket to a source address. */
        BIND,
        /** Connecting. */
        CONNECT,
        /** Sending a request. */
        WRITE,
        /** Waiting for a reply. */
        READ
    }

    private FailureClassifier() {}

    /**
     * The kind of a failure.
     *
     * @param phase where it happened
     * @param e what was thrown
     * @param anyByteRead whether any byte had been read on this connection before (only matters for reads)
     */
    static FailureKind classify(Phase phase, Throwable e, boolean anyByteRead) {
        String m = messages(e);
        if (e instanceof OutOfMemoryError) {
            return m.contains("native thread") ? FailureKind.THREAD_CREATION_FAILED : FailureKind.OTHER;
        }
        if (phase == Phase.SPAWN) {
            return FailureKind.PROCESS_SPAWN_FAILED;
        }
        if (m.contains("too many open files")) {
            return FailureKind.TOO_MANY_OPEN_FILES; // EMFILE (or ENFILE's "too many open files in system")
        }
        if (m.contains("cannot assign requested address")) {
            return FailureKind.EPHEMERAL_PORTS_EXHAUSTED; // EADDRNOTAVAIL: no free local port for the 4-tuple
        }
        if (e instanceof BindException && m.contains("address already in use")
                && (phase == Phase.BIND || phase == Phase.CONNECT)) {
            return FailureKind.EPHEMERAL_PORTS_EXHAUSTED; // bind(source, 0) with every port of the source taken
        }
        if (e instanceof SocketTimeoutException || m.contains("timed out")) {
            return switch (phase) {
                case CONNECT, BIND -> FailureKind.CONNECT_TIMEOUT;
                case READ, WRITE -> anyByteRead ? FailureKind.READ_TIMEOUT : FailureKind.NEVER_SERVED;
                case START, SPAWN -> FailureKind.OTHER;
            };
        }
        if (m.contains("connection refused")) {
            return FailureKind.REFUSED;
        }
        if (m.contains("connection reset")) {
            return FailureKind.RESET; // "Connection reset" and "Connection reset by peer"
        }
        if (m.contains("broken pipe")) {
            return FailureKind.BROKEN_PIPE;
        }
        return FailureKind.OTHER;
    }

    /** What to keep of an exception for the JSON: its class and message, and its causes'. */
    public static String raw(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 500; t = t.getCause() == t ? null : t.getCause()) {
            if (!b.isEmpty()) {
                b.append(" <- ");
            }
            b.append(t.getClass().getName());
            if (t.getMessage() != null) {
                b.append(": ").append(t.getMessage());
            }
        }
        return b.toString();
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                b.append(t.getMessage()).append(' ');
            }
            if (b.length() > 2000) {
                break;
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
