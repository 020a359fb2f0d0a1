package timelab.server;

import java.util.function.Consumer;
import timelab.service.Reply;
import timelab.work.Work;

/**
 * What an event loop ({@code nio}'s selector loop, or a {@code netty} loop) offers work that must not block it
 * ({@code delay} and {@code call}): timers, and a non-blocking connection to the backend. Everything runs on the
 * loop's thread.
 */
interface LoopTasks {

    /** Runs {@code task} on the loop after {@code nanos}. Called on the loop thread. */
    void after(long nanos, Runnable task);

    /**
     * A new non-blocking connection to the backend of {@code --work call} for one client connection, on this loop;
     * it connects on its first call.
     */
    Backend backend(Work.Call call, long timeoutNanos, int maxLine);

    /**
     * One client connection's backend on a loop ({@link AsyncBackend} on {@code nio}, {@link NettyBackend} on
     * {@code netty}): opened on the first call, reused, closed with the client's connection or after a failure; each
     * round trip bounded by {@code --backend-timeout}. Loop thread only.
     */
    sealed interface Backend permits AsyncBackend, NettyBackend {

        /** Starts the call's round trips; {@code whenDone} gets the backend's last reply or {@code ERROR backend …}. */
        void call(Consumer<Reply> whenDone);

        /** Closes the backend connection; a call still under way ends with {@code ERROR backend closed}. */
        void close();
    }
}
