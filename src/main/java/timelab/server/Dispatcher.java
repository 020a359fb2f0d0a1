package timelab.server;

/**
 * Runs accepted connections the way one {@link ServerModel} says. A server has one current dispatcher; after a live
 * switch the previous one is retired: it takes no new connections and finishes the ones it has.
 *
 * <p>Lifecycle: running → {@link #retire()} → (connections end) → terminated; {@link #kill()} forces termination.
 */
sealed interface Dispatcher permits ExecutorDispatcher, InlineDispatcher, EventLoop, NettyServer {

    ServerModel model();

    /**
     * Starts serving {@code c}. Called on the acceptor thread.
     *
     * @throws OutOfMemoryError when no thread can be started for it
     * @throws java.util.concurrent.RejectedExecutionException when the dispatcher was retired meanwhile
     */
    void dispatch(Connection c);

    /** Takes no more connections; the ones it has finish. */
    void retire();

    /** Whether every thread the dispatcher started has ended. */
    boolean isTerminated();

    /** Stops every thread it started; their connections must have been aborted first. */
    void kill();
}
