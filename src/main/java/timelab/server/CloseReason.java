package timelab.server;

/** How a served connection ended: counted in {@link ServerStats}, reported per connection to listeners. */
public enum CloseReason {
    /** The server gave the one reply a connection gets ({@code --one-request}), or its greeting ({@code greet}). */
    ONE_REQUEST,
    /** The client sent {@code QUIT}. */
    QUIT,
    /** The client closed or half-closed its side; complete lines were answered first. */
    PEER_CLOSED,
    /** The client reset the connection or the socket broke (broken pipe). */
    RESET,
    /** A line over {@code --max-line}: {@code ERROR line too long}. */
    LINE_TOO_LONG,
    /** Sixteen error replies in a row. */
    TOO_MANY_ERRORS,
    /** A started line was not finished within {@code --line-timeout}: {@code ERROR timeout}. */
    LINE_TIMEOUT,
    /** No byte within {@code --idle-timeout}. */
    IDLE_TIMEOUT,
    /** A write stalled longer than {@code --write-timeout}: the client does not read its replies. */
    WRITE_TIMEOUT,
    /** The server shut down and the grace period ran out. */
    SHUTDOWN,
    /** Never served: no thread could be started for it (the process or machine ran out of threads). */
    NO_THREAD
}
