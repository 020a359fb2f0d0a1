package timelab.server;

import java.util.concurrent.ExecutorService;

/**
 * A model that is an executor ({@code platform}, {@code fixed}, {@code cached}, {@code virtual}): each connection
 * becomes one task running {@link BlockingHandler#serve}, like the JDK's {@code HttpServer.setExecutor}.
 */
record ExecutorDispatcher(ServerModel model, ExecutorService executor, BlockingHandler handler, boolean virtual)
        implements Dispatcher {

    @Override
    public void dispatch(Connection c) {
        // no frame of our own between the task and BlockingHandler.serve: every one is kept per held virtual thread
        handler.queued();
        try {
            executor.execute(() -> handler.serve(c, virtual, true));
        } catch (RuntimeException e) {
            handler.unqueued();
            throw e;
        }
    }

    @Override
    public void retire() {
        executor.shutdown();
    }

    @Override
    public boolean isTerminated() {
        return executor.isTerminated();
    }

    @Override
    public void kill() {
        executor.shutdownNow();
        TimeServer.awaitTermination(executor);
    }
}
