package timelab.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import timelab.service.Service;

/**
 * Loads the classes that serve a request while the server starts, when descriptors are free. Loading a class may
 * open a file (always, when the classes come from a folder rather than the jar), and a class that fails to load at
 * the open-file limit fails for good: the JVM keeps the failed resolution, so the server would never serve again
 * once descriptors came back (found by the fd-exhaustion test, {@code ServerCommandTest}).
 */
final class ServingClasses {

    /** The work's classes: loaded whatever the work, since a live switch keeps the work but changes the model. */
    private static final List<Class<?>> WORK = List.of(Worker.class, RequestWork.class, RequestTiming.class,
            BackendLink.class, AsyncBackend.class, BackendFailure.class, LoopTasks.class, LoopTimers.class,
            LoopReplies.class, Connection.class, CloseReason.class);

    private ServingClasses() {}

    /** Frames and answers one request through a throwaway session (its own counters, no log), then the rest. */
    static void load(Service service, ServerOptions options) {
        Session session = new Session(service, options, new Counters(), RequestLog.NONE, null, System.nanoTime());
        try {
            session.feed(ByteBuffer.wrap("TIME\r\n".getBytes(StandardCharsets.US_ASCII)), new ByteArrayOutputStream(),
                    System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot warm up the serving path", e);
        }
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        for (Class<?> c : WORK) {
            try {
                lookup.ensureInitialized(c);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
