package timelab.experiment;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import timelab.app.Evidence;
import timelab.app.ServerChild;
import timelab.app.ServerAppConfig;
import timelab.app.ServerMain;
import timelab.app.StatusFormat;
import timelab.fork.JavaRuntime;
import timelab.fork.Jdk;
import timelab.fork.JvmCommand;
import timelab.fork.JvmProcess;
import timelab.fork.Message;
import timelab.server.ServerModel;
import timelab.server.ServerOptions;
import timelab.server.ServerStatus;
import timelab.server.WorkerStatus;

/**
 * A server in a child JVM, so that an experiment measures client and server apart: {@link ServerMain} reading its
 * {@link ServerAppConfig} from standard input, never from its arguments, stopped with {@link Message.Stop}. Its
 * {@link Message.Listening} and status messages are read back as they come, a stop gets its final status, and
 * {@link #close()} kills it with its descendants whatever happened (the fork handle's reaper does when this JVM
 * exits).
 */
public final class ServerProcess implements AutoCloseable {

    private static final JvmProcess.Watch WATCH = new JvmProcess.Watch("timelab-experiment-server", 0, 200);

    private final ServerChild child;
    private final Message.Listening where;

    private ServerProcess(JvmCommand command, ServerAppConfig config, Duration startTimeout) throws IOException {
        child = ServerChild.start(command, WATCH, config, new ServerChild.Lines() { });
        where = awaitListening(startTimeout);
    }

    /**
     * An experiment's server on {@code model} as {@code timelab server} runs by default, but on loopback
     * (127.0.0.1), an ephemeral port, one status message per second: the template {@link #start} takes.
     */
    public static ServerAppConfig defaults(ServerModel model) {
        return new ServerAppConfig(ServerOptions.loopback(model), Runtime.getRuntime().availableProcessors(), null,
                Duration.ofSeconds(1), StatusFormat.JSON, false, Evidence.NONE);
    }

    /** {@link #start(JavaRuntime, ServerAppConfig, List, Duration)} on this JVM's java. */
    public static ServerProcess start(ServerAppConfig config, List<String> jvmOptions, Duration startTimeout)
            throws IOException {
        return start(JavaRuntime.current(), config, jvmOptions, startTimeout);
    }

    /**
     * Starts {@link ServerMain} on {@code java} with this JVM's class path, sends it {@code config} (its status format
     * made {@code json}) and waits until it listens.
     *
     * @throws IOException when it cannot be started or does not listen within {@code startTimeout} (the message
     *     holds its last output lines)
     */
    public static ServerProcess start(JavaRuntime java, ServerAppConfig config, List<String> jvmOptions,
            Duration startTimeout) throws IOException {
        JvmCommand command = JvmCommand.on(java, ServerMain.class.getName()).withJvmOptions(jvmOptions);
        return new ServerProcess(command, config.withStatusFormat(StatusFormat.JSON), startTimeout);
    }

    public int port() {
        return where.port();
    }

    public long pid() {
        return child.pid();
    }

    /**
     * The processes that serve: the workers of a server started with {@code processes > 1} (their pids from its
     * {@link Message.Listening}), else this one.
     */
    public List<Long> servingPids() {
        return where.workers().isEmpty() ? List.of(pid()) : where.workers();
    }

    /** Each worker's latest status (empty for one process, or before the first status). */
    public List<WorkerStatus> lastWorkers() {
        return child.lastWorkers();
    }

    /** Each worker's final status, after {@link #stop}; empty for one process. */
    public List<WorkerStatus> finalWorkers() {
        return child.finalWorkers();
    }

    /** The listen backlog the server asked for. */
    public int backlog() {
        return where.backlog();
    }

    /** The server's {@code --max-connections} (given or derived from its fd limit). */
    public int maxConnections() {
        return where.maxConnections();
    }

    /** The JDK the server said it runs on ({@code null} if it did not say). */
    public Jdk jdk() {
        return where.jdk();
    }

    public boolean isAlive() {
        return child.isAlive();
    }

    /** The latest status (empty before the first one). */
    public Optional<ServerStatus> lastStatus() {
        return child.lastStatus();
    }

    /** The last output lines that were not messages, oldest first. */
    public List<String> lastLines() {
        return child.tail();
    }

    /**
     * Sends {@link Message.Stop}, then waits for the exit.
     *
     * @return the final status (empty when the server printed none)
     * @throws IOException when it did not stop within {@code timeout} (it is killed then)
     */
    public Optional<ServerStatus> stop(Duration timeout) throws IOException {
        try {
            child.requestStop();
            OptionalInt code = child.await(timeout);
            if (code.isEmpty()) {
                child.close();
                throw new IOException("the server did not stop within " + timeout + "; last output: "
                        + String.join(" | ", lastLines()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the server", e);
        }
        return child.finalStatus();
    }

    @Override
    public void close() {
        child.close();
    }

    private Message.Listening awaitListening(Duration timeout) throws IOException {
        try {
            Optional<Message.Listening> listening = child.awaitListening(timeout);
            if (listening.isPresent()) {
                return listening.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw new IOException("the server child did not start listening; last output: "
                + String.join(" | ", lastLines()));
    }
}
