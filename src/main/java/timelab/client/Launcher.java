package timelab.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * What carries a client's work inside this JVM: a new thread per client, or a pool. Made by the one switch over
 * {@link ClientStrategy} in {@link LoadGenerator}.
 */
sealed interface Launcher extends Carrier {

    /**
     * Runs {@code task} on the strategy's thread.
     *
     * @throws OutOfMemoryError "unable to create native thread" when the JVM cannot start another platform thread
     */
    void launch(Runnable task);

    /**
     * A new thread per client.
     *
     * @param virtual counts the live virtual threads it started (the JVM cannot): {@code null} for platform threads
     */
    record ThreadPerClient(ThreadFactory factory, Tally.Gauge virtual) implements Launcher {
        @Override
        public void launch(Runnable task) {
            if (virtual == null) {
                Thread t = factory.newThread(task);
                t.start();
                return;
            }
            virtual.up();
            Runnable counted = () -> {
                try {
                    task.run();
                } finally {
                    virtual.down();
                }
            };
            try {
                factory.newThread(counted).start();
            } catch (RuntimeException | Error e) {
                virtual.down();
                throw e;
            }
        }

        @Override
        public long cap() {
            return Long.MAX_VALUE;
        }

        @Override
        public void close() {}
    }

    /** A pool: {@code cap} threads for a fixed pool, unbounded for a cached one. */
    record Pool(ExecutorService executor, long cap) implements Launcher {
        @Override
        public void launch(Runnable task) {
            executor.execute(task);
        }

        @Override
        public void close() {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
