package timelab.server;

/**
 * Follows one connection from accept to close: what {@link ServerObserver#opened} returns for it. Lets an observer
 * keep per-connection state (e.g. a JFR event begun at accept) without the server knowing what it is.
 */
@FunctionalInterface
public interface ConnectionObserver {

    /**
     * The connection ended. Called exactly once, on the thread that ended it (its serving thread, the event loop,
     * the acceptor); must be thread-safe with respect to {@link ServerObserver#opened} and quick.
     *
     * @param model the label of the model that served it ({@link ServerModel#label()})
     * @param requests commands answered on it
     * @param reason how it ended
     */
    void closed(String model, long requests, CloseReason reason);

    /** An observer that ignores the end. */
    ConnectionObserver NONE = (model, requests, reason) -> { };
}
