package timelab.experiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@code timelab} command in a child JVM (this JVM's {@code java} and class path): its merged output read line by
 * line as it comes (the last lines kept), stopped with SIGTERM then killed, and killed with its descendants when this
 * JVM exits, whatever happened — an experiment leaves no process behind.
 */
final class TimelabProcess implements AutoCloseable {

    private static final int KEEP_LINES = 200;
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(TimelabProcess::kill),
                "timelab-experiment-reaper"));
    }

    private final Process process;
    private final Deque<String> lines = new ArrayDeque<>();
    private final Thread reader;

    /** @param onLine called on the reader thread with every output line */
    TimelabProcess(List<String> command, Consumer<String> onLine) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        reader = Thread.ofPlatform().daemon().name("timelab-child-output-" + process.pid())
                .start(() -> read(onLine));
    }

    /** {@code java [jvmOptions] -cp CLASSPATH timelab.Main args…}. */
    static List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "timelab.Main"));
        cmd.addAll(args);
        return List.copyOf(cmd);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The last output lines, oldest first. */
    List<String> lastLines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * Waits for the exit and for the last output line to be read.
     *
     * @return the exit code, or empty when it did not end within {@code timeout}
     */
    OptionalInt await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return OptionalInt.empty();
        }
        reader.join(5_000);
        return OptionalInt.of(process.exitValue());
    }

    /**
     * SIGTERM (a timelab command stops cleanly on it), then waits up to {@code timeout}; kills it and its descendants
     * when it has not ended by then.
     *
     * @return the exit code, or empty when it had to be killed
     */
    OptionalInt terminate(Duration timeout) throws InterruptedException {
        process.toHandle().destroy();
        OptionalInt code = await(timeout);
        if (code.isEmpty()) {
            close();
        }
        return code;
    }

    /** Kills the process and whatever it started, and waits for it briefly. */
    @Override
    public void close() {
        kill(process);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private void read(Consumer<String> onLine) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (lines) {
                    lines.addLast(line);
                    if (lines.size() > KEEP_LINES) {
                        lines.removeFirst();
                    }
                }
                onLine.accept(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
