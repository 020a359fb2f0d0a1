package timelab.server;

import java.util.concurrent.ExecutorService;

/**
 * A model that is an executor ({@code platform}, {@code fixed}, {@code cached}, {@code virtual}): each connection
 * becomes one task running {@link BlockingHandler#serve}, like the JDK's {@code HttpServer.setExecutor}.
 */
record ExecutorDispatcher(ServerModel model, ExecutorService executor, BlockingHandler handler, Counters counters,
        boolean virtual) implements Dispatcher {

    @Override
    public void dispatch(Connection c) {
        executor.execute(virtual ? () -> serveCounted(c) : () -> handler.serve(c));
    }

    private void serveCounted(Connection c) {
        counters.virtualStarted();
        try {
            handler.serve(c);
        } finally {
            counters.virtualEnded();
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
