package timelab.server;

import timelab.work.Work;

/**
 * The server's {@code --work}, shared by every connection: makes each connection's {@link Worker} (none when the
 * work is {@code none}) and holds what the workers report to.
 *
 * @param handling the server's handling (the work and the backend timeout)
 * @param counters where in-flight requests are counted
 * @param observer told where each request's time went
 * @param maxLine the longest backend reply line accepted
 */
record RequestWork(Handling handling, Counters counters, ServerObserver observer, int maxLine) {

    Work work() {
        return handling.work();
    }

    long backendTimeoutNanos() {
        return handling.backendTimeout().toNanos();
    }

    /**
     * The worker for one connection, or {@code null} when there is no work.
     *
     * @param loop the event loop serving it, or {@code null} on a thread model
     */
    Worker worker(Connection c, LoopTasks loop) {
        return work() instanceof Work.None ? null : new Worker(this, c, loop);
    }
}
