package timelab.server;

import java.nio.channels.SelectionKey;

/** What a key's attachment on the {@code nio} loop's selector ({@link EventLoop}, {@link AsyncBackend}) does. */
interface SelectorReady {
    void ready(SelectionKey key);
}
