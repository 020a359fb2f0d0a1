package timelab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import timelab.client.ClientRun;
import timelab.fork.JvmCommand;
import timelab.fork.JvmProcess;
import timelab.fork.Message;

/**
 * A {@code timelab client} run in a child JVM through the fork handle, its result read back from its
 * {@link Message.Result} message ({@code --result-message}; the {@code --json} file it also writes is the fallback and
 * what the experiment keeps): the client is measured apart from the experiment that drives it, and whatever happens
 * to it (out of threads, out of descriptors, killed) cannot take the experiment down.
 */
public final class ClientProcess implements AutoCloseable {

    /**
     * What the child left behind.
     *
     * @param run its result, or {@code null} when it wrote none ({@code error} says why)
     * @param exitCode its exit code, -1 when it had to be killed
     * @param lastLines its last output lines
     * @param error why there is no result or why it is incomplete (stopped at the time limit: clients not started
     *     are neither succeeded nor failed), {@code null} for a whole result
     */
    public record Result(ClientRun run, int exitCode, List<String> lastLines, String error) {
        public Result {
            lastLines = List.copyOf(lastLines);
        }
    }

    private static final JvmProcess.Watch WATCH = new JvmProcess.Watch("timelab-experiment-client", 0, 200);

    private final JvmProcess process;
    private final Path json;
    private volatile ClientRun reported;

    private ClientProcess(List<String> command, Path json) throws IOException {
        this.json = json;
        Files.deleteIfExists(json);
        process = JvmProcess.start(command, WATCH, new JvmProcess.Listener() {
            @Override
            public void message(Message m) {
                if (!(m instanceof Message.Result result)) {
                    throw new IllegalArgumentException("not a client's message: " + m); // the line goes to the tail
                }
                reported = result.run();
            }
        });
    }

    /**
     * {@code java [jvmOptions] -cp CLASSPATH timelab.Main client --progress off clientArgs… --json json
     * --result-message}.
     */
    public static List<String> command(List<String> jvmOptions, List<String> clientArgs, Path json) {
        List<String> args = new ArrayList<>(List.of("client", "--progress", "off"));
        args.addAll(clientArgs);
        args.addAll(List.of("--json", json.toString(), "--result-message"));
        return JvmCommand.timelab(jvmOptions, args).toList();
    }

    /** Starts the client; {@link #await} collects it. */
    public static ClientProcess start(List<String> jvmOptions, List<String> clientArgs, Path json)
            throws IOException {
        return new ClientProcess(command(jvmOptions, clientArgs, json), json);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the client to finish; past {@code timeout} it is stopped (SIGTERM: it finishes the clients in flight
     * and still writes its JSON), and killed 30 s later.
     */
    public Result await(Duration timeout) throws InterruptedException {
        OptionalInt code = process.await(timeout);
        String late = null;
        if (code.isEmpty()) {
            late = "the client did not finish within " + timeout + " and was stopped";
            code = process.terminate(Duration.ofSeconds(30));
        }
        int exit = code.orElse(-1);
        if (reported != null) {
            return new Result(reported, exit, process.tail(), late);
        }
        if (Files.isRegularFile(json)) {
            try {
                return new Result(ClientRun.fromJson(Files.readString(json)), exit, process.tail(), late);
            } catch (IOException | IllegalArgumentException e) {
                return new Result(null, exit, process.tail(), "unreadable client JSON: " + e.getMessage());
            }
        }
        String why = late != null ? late : "the client exited with " + exit + " without a result";
        return new Result(null, exit, process.tail(), why);
    }

    @Override
    public void close() {
        process.close();
    }
}
