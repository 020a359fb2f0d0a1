package timelab.app;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import timelab.fork.JvmCommand;
import timelab.fork.JvmProcess;
import timelab.fork.Message;
import timelab.server.ServerStatus;

/**
 * One worker of {@link ServerWorkers}: a {@link ServerMain} child JVM ({@link ServerChild}, through
 * {@code timelab.fork}, the one way a JVM is forked) serving the parent's config in one process with
 * {@code SO_REUSEPORT}, its pump thread {@code timelab-server-worker-PID}. Its other lines are handed to the parent's
 * {@link Events}, which prints the few a user needs.
 */
final class WorkerProcess implements AutoCloseable {

    /** What the parent hears from a worker; called on the worker's pump thread. */
    interface Events {
        /** A line that is not a message. */
        void line(WorkerProcess worker, String line);

        /** The worker exited, its output read to the end. */
        void ended(WorkerProcess worker, int exitCode);
    }

    private static final JvmProcess.Watch WATCH = new JvmProcess.Watch("timelab-server-worker", 0, 40);

    private final int number;
    private final ServerChild child;
    private volatile Map<String, Long> servedByModel = Map.of();

    private WorkerProcess(int number, JvmCommand command, ServerAppConfig config, Events events) throws IOException {
        this.number = number;
        this.child = ServerChild.start(command, WATCH, config, new ServerChild.Lines() {
            @Override
            public void line(String line) {
                if (line.startsWith("served-by-model ")) {
                    servedByModel = served(line);
                }
                events.line(WorkerProcess.this, line);
            }

            @Override
            public void ended(int exitCode) {
                events.ended(WorkerProcess.this, exitCode);
            }
        });
    }

    /**
     * Starts worker {@code number} (1-based) on {@code command} with {@code config} as its spec; returns at once
     * ({@link #awaitListening} waits for it to bind).
     */
    static WorkerProcess start(int number, JvmCommand command, ServerAppConfig config, Events events)
            throws IOException {
        return new WorkerProcess(number, command, config, events);
    }

    /**
     * Waits until the worker listens.
     *
     * @return where it listens
     * @throws IOException when it exited first or did not listen within {@code timeout} (it is killed then); the
     *     message holds its last lines
     */
    Message.Listening awaitListening(Duration timeout) throws IOException {
        Optional<Message.Listening> where;
        try {
            where = child.awaitListening(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while worker " + number + " started", e);
        }
        if (where.isEmpty()) {
            boolean ended = child.ended();
            close();
            throw new IOException("worker " + number + (ended ? " could not start" : " did not listen within "
                    + timeout) + lastWords());
        }
        return where.get();
    }

    int number() {
        return number;
    }

    long pid() {
        return child.pid();
    }

    boolean ended() {
        return child.ended();
    }

    /** Its latest status, empty before the first. */
    Optional<ServerStatus> lastStatus() {
        return child.lastStatus();
    }

    /** Its final status, empty when it gave none (it died, or has not stopped yet). */
    Optional<ServerStatus> finalStatus() {
        return child.finalStatus();
    }

    /** Its {@code served-by-model} line, read at its shutdown (empty before). */
    Map<String, Long> servedByModel() {
        return servedByModel;
    }

    /** Asks it to stop: no new connections, the in-flight ones get its grace ({@link Message.Stop}). */
    void requestStop() {
        child.requestStop();
    }

    /** Waits for its exit; empty when it did not exit within {@code timeout}. */
    OptionalInt await(Duration timeout) throws InterruptedException {
        return child.await(timeout);
    }

    /** {@code : last lines: a | b} of its output, or nothing when it printed none. */
    String lastWords() {
        List<String> tail = child.tail();
        List<String> lines = tail.subList(Math.max(0, tail.size() - 3), tail.size());
        return lines.isEmpty() ? "" : "; last lines: " + String.join(" | ", lines);
    }

    /** Kills it and its descendants (nothing when it has exited). */
    @Override
    public void close() {
        child.close();
    }

    /** {@code served-by-model platform=10 virtual=20} read back ({@link ServerLines#servedLine}). */
    static Map<String, Long> served(String line) {
        Map<String, Long> byModel = new TreeMap<>();
        for (String word : line.substring("served-by-model".length()).strip().split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                try {
                    byModel.put(word.substring(0, eq), Long.parseLong(word.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    // not a count: left out
                }
            }
        }
        return Map.copyOf(byModel);
    }
}
