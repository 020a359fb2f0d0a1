package timelab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import timelab.app.AppJson;
import timelab.app.ClientAppConfig;
import timelab.app.ClientMain;
import timelab.client.ClientRun;
import timelab.fork.JavaRuntime;
import timelab.fork.Jdk;
import timelab.fork.JvmCommand;
import timelab.fork.JvmProcess;
import timelab.fork.Message;

/**
 * A client run in a child JVM through the fork handle: {@link ClientMain} reading its {@link ClientAppConfig} from
 * standard input, its result read back from its {@link Message.Result} message (the JSON file the config names is what
 * the experiment keeps on disk): the client is measured apart from the experiment that drives it, and whatever happens
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
     * @param jdk the JDK the child said it ran on, {@code null} when it said nothing
     */
    public record Result(ClientRun run, int exitCode, List<String> lastLines, String error, Jdk jdk) {
        public Result {
            lastLines = List.copyOf(lastLines);
        }
    }

    private static final JvmProcess.Watch WATCH = new JvmProcess.Watch("timelab-experiment-client", 0, 200);

    private final JvmProcess process;
    private volatile ClientRun reported;
    private volatile Jdk jdk;

    private ClientProcess(List<String> command, ClientAppConfig config) throws IOException {
        process = JvmProcess.start(command, WATCH, new JvmProcess.Listener() {
            @Override
            public void message(Message m) {
                if (!(m instanceof Message.Result result)) {
                    throw new IllegalArgumentException("not a client's message: " + m); // the line goes to the tail
                }
                jdk = result.jdk();
                reported = result.run();
            }
        });
        process.sendSpecJson(AppJson.write(config));
    }

    /** {@link #start(JavaRuntime, ClientAppConfig, List)} on this JVM's java. */
    public static ClientProcess start(ClientAppConfig config, List<String> jvmOptions) throws IOException {
        return start(JavaRuntime.current(), config, jvmOptions);
    }

    /**
     * Starts {@link ClientMain} on {@code java} with this JVM's class path and {@code jvmOptions}, sends it
     * {@code config}; {@link #await} collects it. The JSON file of the config's output, if any, is deleted first.
     */
    public static ClientProcess start(JavaRuntime java, ClientAppConfig config, List<String> jvmOptions)
            throws IOException {
        if (config.output().json() != null) {
            Files.deleteIfExists(config.output().json());
        }
        List<String> command = JvmCommand.on(java, ClientMain.class.getName()).withJvmOptions(jvmOptions).toList();
        return new ClientProcess(command, config);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the client to finish; past {@code timeout} it is stopped ({@link Message.Stop}: it finishes the
     * clients in flight and still reports), and killed 30 s later.
     */
    public Result await(Duration timeout) throws InterruptedException {
        OptionalInt code = process.await(timeout);
        String late = null;
        if (code.isEmpty()) {
            late = "the client did not finish within " + timeout + " and was stopped";
            process.send(new Message.Stop());
            code = process.await(Duration.ofSeconds(30));
            if (code.isEmpty()) {
                process.close();
            }
        }
        int exit = code.orElse(-1);
        if (reported != null) {
            return new Result(reported, exit, process.tail(), late, jdk);
        }
        String why = late != null ? late : "the client exited with " + exit + " without a result";
        return new Result(null, exit, process.tail(), why, jdk);
    }

    @Override
    public void close() {
        process.close();
    }
}
