package timelab.server;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * What the {@code nio} event loop offers work that must not block it ({@code delay} and {@code call}): timers, and
 * its selector for a backend's channel. Everything runs on the loop's thread.
 */
interface LoopTasks {

    /** Runs {@code task} on the loop after {@code nanos}. Called on the loop thread. */
    void after(long nanos, Runnable task);

    /** Registers a non-blocking channel with the loop; {@code handler} gets its readiness on the loop thread. */
    SelectionKey register(SelectableChannel channel, int ops, Ready handler) throws IOException;

    /** What a key's attachment does when the selector finds it ready. */
    interface Ready {
        void ready(SelectionKey key);
    }
}
