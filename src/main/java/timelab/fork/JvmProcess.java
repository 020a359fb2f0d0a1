package timelab.fork;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM seen from its parent: started from a {@link JvmCommand} list with standard error merged into standard
 * output, read by one named platform thread (the pump) that hands every {@link Message} line to a {@link Listener}
 * and keeps the last other lines (JVM warnings, crashes, a human banner) in a bounded tail; written to with
 * {@link #send}; stopped with SIGTERM ({@link #terminate}) or killed with all its descendants ({@link #close}). Every
 * child still alive when this JVM exits is killed with its descendants by a shutdown hook
 * ({@code timelab-fork-reaper}): a parent never leaves one behind.
 *
 * <p>Threading: the listener is called on the pump thread only, in line order, {@link Listener#ended} last (after
 * the process exited and its last line was read). Everything else may be called from any thread.
 */
public final class JvmProcess implements AutoCloseable {

    /** Longer lines are cut in the tail. */
    static final int MAX_TAIL_LINE = 500;

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(JvmProcess::kill),
                "timelab-fork-reaper"));
    }

    /** What the parent hears; called on the pump thread. */
    public interface Listener {
        /** A message line. A {@link RuntimeException} thrown here puts the line in the tail instead. */
        default void message(Message m) {}

        /** A line that is not a message (it is in the tail, too). */
        default void line(String line) {}

        /**
         * A line that starts as a message but is not a valid one (cut short, or a newer kind): it is in the tail.
         *
         * @param why what is wrong with it
         */
        default void unreadable(String line, String why) {}

        /** The child exited and its output is read to the end. */
        default void ended(int exitCode) {}
    }

    /**
     * How to watch a child.
     *
     * @param threadName the pump thread's name (the pid is appended)
     * @param stackBytes the pump thread's stack size, 0 for the default
     * @param tailLines how many non-message lines to keep
     */
    public record Watch(String threadName, long stackBytes, int tailLines) {
        public Watch {
            if (threadName.isBlank() || stackBytes < 0 || tailLines < 1) {
                throw new IllegalArgumentException("a pump needs a name, a stack size ≥ 0 and a tail ≥ 1 line");
            }
        }
    }

    private final Process process;
    private final OutputStream input;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Watch watch;
    private final Listener listener;
    private final Thread pump;
    private volatile int exitCode = Integer.MIN_VALUE;
    private volatile boolean ended;

    private JvmProcess(Process process, Watch watch, Listener listener) {
        this.process = process;
        this.input = process.getOutputStream();
        this.watch = watch;
        this.listener = listener;
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        try {
            pump = Thread.ofPlatform().name(watch.threadName() + "-" + process.pid()).stackSize(watch.stackBytes())
                    .daemon().start(this::pump);
        } catch (RuntimeException | Error e) { // no thread to read its output: do not leave it running unwatched
            kill(process);
            throw e;
        }
    }

    /**
     * Starts {@code command}.
     *
     * @throws IOException when it cannot be started (fork/exec failed)
     * @throws OutOfMemoryError when no pump thread can be started (the child is killed then)
     */
    public static JvmProcess start(List<String> command, Watch watch, Listener listener) throws IOException {
        return new JvmProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), watch, listener);
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * The JDK's process, for what this handle does not do (a test's {@code destroyForcibly()} of the child alone,
     * {@code waitFor}). Its streams belong to this handle: do not read them, and stop it with {@link #terminate},
     * not {@code Process.destroy()} (which also closes the output pipe).
     */
    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether the child exited and its output was read to the end. */
    public boolean ended() {
        return ended;
    }

    /** The exit code once {@link #ended()}, else {@link Integer#MIN_VALUE}. */
    public int exitCode() {
        return exitCode;
    }

    /** The last output lines that were not messages, oldest first. */
    public List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /** Sends a message on the child's standard input. A child that has gone away is ignored. */
    public void send(Message m) {
        sendLine(Messages.encode(m));
    }

    /** Sends a spec (the child's first input line). A child that has gone away is ignored. */
    public void sendSpec(Object spec) {
        sendLine(Messages.writeSpec(spec));
    }

    /**
     * Sends a spec already written as one line of JSON by the caller's own Jackson set-up (e.g. an application's
     * config). A child that has gone away is ignored.
     */
    public void sendSpecJson(String json) {
        if (json.contains("\n")) {
            throw new IllegalArgumentException("a spec is one line");
        }
        sendLine(json);
    }

    /** Closes the child's standard input: end of input (a child of the message channel stops on it). */
    public void closeInput() {
        synchronized (input) {
            try {
                input.close();
            } catch (IOException e) {
                // it is gone anyway
            }
        }
    }

    private void sendLine(String line) {
        synchronized (input) {
            try {
                input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                input.flush();
            } catch (IOException e) {
                // the child ended or closed its input: nothing to tell it any more
            }
        }
    }

    /**
     * Waits for the exit and for the last output line to be read.
     *
     * @return the exit code, or empty when it did not end within {@code timeout}
     */
    public OptionalInt await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return OptionalInt.empty();
        }
        pump.join(5_000);
        return OptionalInt.of(process.exitValue());
    }

    /**
     * SIGTERM (a timelab command stops cleanly on it; {@code Process.destroy()} would also close the output pipe),
     * then waits up to {@code timeout}; kills it and its descendants when it has not ended by then.
     *
     * @return the exit code, or empty when it had to be killed
     */
    public OptionalInt terminate(Duration timeout) throws InterruptedException {
        process.toHandle().destroy();
        OptionalInt code = await(timeout);
        if (code.isEmpty()) {
            close();
        }
        return code;
    }

    /** Kills the child and its descendants at once, without waiting. */
    public void kill() {
        kill(process);
    }

    /** Kills the child and its descendants, and waits for it briefly. */
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

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                handle(line);
            }
        } catch (IOException e) {
            keep("(reading the child's output failed: " + e.getMessage() + ")");
        }
        try {
            exitCode = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeInput();
        ended = true;
        listener.ended(exitCode);
    }

    private void handle(String line) {
        if (!Messages.looksLikeMessage(line)) {
            keep(line);
            listener.line(line);
            return;
        }
        Message m;
        try {
            m = Messages.parse(line);
        } catch (IllegalArgumentException e) {
            keep(line);
            listener.unreadable(line, e.getMessage());
            return;
        }
        try {
            listener.message(m);
        } catch (RuntimeException e) {
            keep(line); // a message the listener could not take
        }
    }

    private void keep(String line) {
        synchronized (tail) {
            if (tail.size() == watch.tailLines()) {
                tail.removeFirst();
            }
            tail.addLast(line.length() > MAX_TAIL_LINE ? line.substring(0, MAX_TAIL_LINE) + "…" : line);
        }
    }
}
