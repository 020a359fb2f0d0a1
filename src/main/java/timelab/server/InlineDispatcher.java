package timelab.server;

/**
 * The {@code single} model: the acceptor thread serves each connection itself before it accepts the next, so the
 * kernel's accept queue (the listen backlog) is all that holds the clients waiting.
 */
record InlineDispatcher(ServerModel model, BlockingHandler handler) implements Dispatcher {

    @Override
    public void dispatch(Connection c) {
        handler.serve(c, false, false);
    }

    @Override
    public void retire() {
        // nothing of its own to stop: it runs on the acceptor thread
    }

    @Override
    public boolean isTerminated() {
        return true;
    }

    @Override
    public void kill() {
        // the acceptor thread belongs to the server
    }
}
