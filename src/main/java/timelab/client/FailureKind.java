package timelab.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a client failed: the error taxonomy. Each kind says in one plain sentence what it means and which side ran out
 * of what ({@link #explain()}); the raw exception message is kept next to it ({@link Outcome.Failed#rawMessage()}).
 * {@link FailureClassifier} decides the kind from the exception's type and message and the phase it happened in.
 */
public enum FailureKind {
    REFUSED("refused",
            "Nothing accepted the connection (the server's kernel answered the SYN with a reset): no server listens on "
                    + "that port, or its accept queue overflowed with tcp_abort_on_overflow=1."),
    CONNECT_TIMEOUT("connect-timeout",
            "No answer to the SYN within --connect-timeout: the server's kernel dropped it because the listen "
                    + "backlog was full (the server ran out of accept-queue room), or the host is unreachable."),
    NEVER_SERVED("never-served",
            "Connected, but not one byte came back before --read-timeout: the connection waited in the server's "
                    + "accept queue (or its pool's queue) and was never served; the server ran out of capacity to "
                    + "accept or serve (backlog overflow, SYN cookies, all threads busy)."),
    READ_TIMEOUT("read-timeout",
            "The server had already sent bytes on this connection, then stopped before --read-timeout: it was "
                    + "served but stalled mid-conversation (the server ran short of CPU or threads)."),
    RESET("reset",
            "The server side aborted the connection with a reset: the server closed it abruptly, crashed, or its "
                    + "kernel dropped it (e.g. accept-queue overflow)."),
    BROKEN_PIPE("broken-pipe",
            "The client wrote to a connection the server had already closed: the server gave up on it first."),
    SERVER_CLOSED("server-closed",
            "The server closed the connection cleanly before a full reply arrived: it hung up (idle timeout, "
                    + "shutdown, a limit)."),
    BUSY("busy",
            "The server answered ERROR busy and closed: it was at its --max-connections, so the server ran out of "
                    + "connection slots (by default derived from its open-file limit)."),
    TOO_MANY_OPEN_FILES("too-many-open-files",
            "The client process hit its open-file limit (ulimit -n): the client ran out of file descriptors for "
                    + "sockets."),
    EPHEMERAL_PORTS_EXHAUSTED("ephemeral-ports-exhausted",
            "The client's kernel had no free local port for this source/destination pair (about 28k per pair, "
                    + "TIME_WAIT included): the client side ran out of ephemeral ports; use --source-addresses or "
                    + "more target ports."),
    THREAD_CREATION_FAILED("thread-creation-failed",
            "The client JVM could not start another platform thread (unable to create native thread): the client "
                    + "ran out of threads (pid_max, ulimit -u, vm.max_map_count or memory)."),
    PROCESS_SPAWN_FAILED("process-spawn-failed",
            "No child JVM could be started for this client: fork/exec failed or admission control refused because "
                    + "free memory or pids would fall below the floor; the client machine ran out of memory, pids or "
                    + "descriptors (the raw message says which)."),
    CHILD_DIED("child-died",
            "The child JVM carrying this client ended without reporting (crash, kill, out of memory): its clients "
                    + "count as failed and its last output lines are kept in the JSON."),
    SELF_CONNECT("self-connect",
            "The client's socket was connected to itself (nothing listened on the port and the kernel picked that "
                    + "same port as the source: TCP simultaneous open), so it read back its own request; no server "
                    + "was involved."),
    BAD_REPLY("bad-reply",
            "The server answered, but not what the protocol says (e.g. not the 14 bytes of JAM HH:mm:ss, or a wrong "
                    + "count): the server is wrong, not overloaded."),
    OTHER("other",
            "An error timelab has no name for: the raw message says what happened.");

    private final String label;
    private final String explanation;

    FailureKind(String label, String explanation) {
        this.label = label;
        this.explanation = explanation;
    }

    /** The name in reports and the JSON ({@code connect-timeout}): what Jackson writes for a kind, as key or value. */
    @JsonValue
    public String label() {
        return label;
    }

    /** One plain sentence: what this failure means and which side ran out of what. */
    public String explain() {
        return explanation;
    }

    /** The kind labelled {@code label}: the one place a label is read back. */
    @JsonCreator
    public static FailureKind ofLabel(String label) {
        for (FailureKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown failure kind '" + label + "'");
    }
}
