package timelab.app;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import timelab.fork.JvmCommand;
import timelab.fork.JvmProcess;
import timelab.fork.Message;
import timelab.server.ServerStatus;
import timelab.server.WorkerStatus;

/**
 * A {@link ServerMain} child seen from its parent: started through {@code timelab.fork} with its
 * {@link ServerAppConfig} as the spec on standard input, its {@link Message.Listening}, status and final messages
 * read back as they come on its pump thread. The one reader of a server child's messages, for the experiments' server
 * ({@code experiment.ServerProcess}) and for {@code server --processes}' workers ({@link WorkerProcess}).
 */
public final class ServerChild implements AutoCloseable {

    /** What a server child prints besides its messages; called on its pump thread. */
    public interface Lines {
        /** A line that is not a message (it is in {@link #tail()} too). */
        default void line(String line) {}

        /** The child exited, its output read to the end. */
        default void ended(int exitCode) {}
    }

    private final JvmProcess process;
    private final CountDownLatch listeningOrEnded = new CountDownLatch(1);
    private volatile Message.Listening listening;
    private volatile ServerStatus lastStatus;
    private volatile ServerStatus finalStatus;
    private volatile List<WorkerStatus> lastWorkers = List.of();
    private volatile List<WorkerStatus> finalWorkers = List.of();

    private ServerChild(List<String> command, JvmProcess.Watch watch, String specJson, Lines lines)
            throws IOException {
        process = JvmProcess.start(command, watch, new JvmProcess.Listener() {
            @Override
            public void message(Message m) {
                onMessage(m);
            }

            @Override
            public void line(String line) {
                lines.line(line);
            }

            @Override
            public void ended(int exitCode) {
                listeningOrEnded.countDown();
                lines.ended(exitCode);
            }
        });
        process.sendSpecJson(specJson);
    }

    /**
     * Starts {@code command} (a {@link ServerMain} command line) and sends it {@code config}; returns at once.
     *
     * @param watch its pump thread's name and how many non-message lines to keep
     */
    public static ServerChild start(JvmCommand command, JvmProcess.Watch watch, ServerAppConfig config, Lines lines)
            throws IOException {
        return new ServerChild(command.toList(), watch, AppJson.write(config), lines);
    }

    /**
     * Waits until the child listens, or exits, or {@code timeout} passes.
     *
     * @return where it listens; empty when it exited first (its last lines read) or did not listen in time
     */
    public Optional<Message.Listening> awaitListening(Duration timeout) throws InterruptedException {
        if (!listeningOrEnded.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || listening != null) {
            return Optional.ofNullable(listening);
        }
        process.await(Duration.ofSeconds(5)); // it ended: let the pump read its last words
        return Optional.empty();
    }

    /** Its {@link Message.Listening}; {@code null} before it listens. */
    public Message.Listening listening() {
        return listening;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether it exited and its output was read to the end. */
    public boolean ended() {
        return process.ended();
    }

    /** The latest status, the final one included (empty before the first). */
    public Optional<ServerStatus> lastStatus() {
        return Optional.ofNullable(lastStatus);
    }

    /** The final status (empty when it gave none: it died, or has not stopped yet). */
    public Optional<ServerStatus> finalStatus() {
        return Optional.ofNullable(finalStatus);
    }

    /** Each worker's latest status, when the child is a parent of workers; empty otherwise. */
    public List<WorkerStatus> lastWorkers() {
        return lastWorkers;
    }

    /** Each worker's final status, when the child is a parent of workers and has stopped; empty otherwise. */
    public List<WorkerStatus> finalWorkers() {
        return finalWorkers;
    }

    /** The last output lines that were not messages, oldest first. */
    public List<String> tail() {
        return process.tail();
    }

    /** Asks it to stop ({@link Message.Stop}): no new connections, the in-flight ones get its grace. */
    public void requestStop() {
        process.send(new Message.Stop());
    }

    /** Waits for its exit; empty when it did not exit within {@code timeout}. */
    public OptionalInt await(Duration timeout) throws InterruptedException {
        return process.await(timeout);
    }

    /** Kills it and its descendants (nothing when it has exited). */
    @Override
    public void close() {
        process.close();
    }

    private void onMessage(Message m) {
        switch (m) {
            case Message.Listening l -> {
                listening = l;
                listeningOrEnded.countDown();
            }
            case Message.Status s -> {
                lastWorkers = s.workers();
                lastStatus = s.status();
            }
            case Message.Final f -> {
                finalWorkers = f.workers();
                finalStatus = f.status();
                lastStatus = f.status();
            }
            case Message.Ready r -> throw notAServers(m);
            case Message.Progress p -> throw notAServers(m);
            case Message.Held h -> throw notAServers(m);
            case Message.Connection c -> throw notAServers(m);
            case Message.Report r -> throw notAServers(m);
            case Message.Result r -> throw notAServers(m);
            case Message.Go g -> throw notAServers(m);
            case Message.Stop s -> throw notAServers(m);
        }
    }

    private static IllegalArgumentException notAServers(Message m) {
        return new IllegalArgumentException("not a server's message: " + m); // the line goes to the tail
    }
}
