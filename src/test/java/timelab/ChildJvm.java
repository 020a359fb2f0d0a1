package timelab;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import timelab.fork.Heard;
import timelab.fork.JvmCommand;
import timelab.fork.JvmProcess;
import timelab.fork.Message;

/**
 * {@code timelab} run as a real child JVM on the test's own classpath (so it needs no packaged jar), through the fork
 * package's command builder and process handle: every output line that is not a message is kept here, every
 * {@link Message} too. Always {@link #close()} it: that kills the process and its descendants if it still runs.
 */
public final class ChildJvm implements AutoCloseable {

    private static final JvmProcess.Watch WATCH = new JvmProcess.Watch("child-output", 0, 50);

    private final Heard heard = new Heard();
    private final List<String> lines = heard.lines;
    private final List<Message> messages = heard.messages;
    private final JvmProcess process;

    private ChildJvm(List<String> command) throws IOException {
        process = JvmProcess.start(command, WATCH, heard);
    }

    /**
     * The command that runs {@code timelab args…} in a new JVM.
     *
     * @param launcher what runs the JVM, e.g. {@code prlimit --nofile=96:96 --}; nothing when empty
     * @param jvmOptions JVM options (default {@code -Xmx128m} when empty)
     */
    public static List<String> command(List<String> launcher, List<String> jvmOptions, String... args) {
        return JvmCommand.timelab(jvmOptions.isEmpty() ? List.of("-Xmx128m") : jvmOptions, List.of(args))
                .withLauncher(launcher).toList();
    }

    public static ChildJvm timelab(String... args) throws IOException {
        return new ChildJvm(command(List.of(), List.of(), args));
    }

    public static ChildJvm timelabWithFdLimit(int fdLimit, String... args) throws IOException {
        return new ChildJvm(command(List.of("prlimit", "--nofile=" + fdLimit + ":" + fdLimit, "--"), List.of(), args));
    }

    /** {@code timelab args…} run by the given launcher (e.g. {@code prlimit … -- env …}) with the JVM options. */
    public static ChildJvm timelabLaunchedBy(List<String> launcher, List<String> jvmOptions, String... args)
            throws IOException {
        return new ChildJvm(command(launcher, jvmOptions, args));
    }

    /** Waits for an output line matching {@code p}; fails with the output so far if none comes in time. */
    public String awaitLine(Predicate<String> p, Duration timeout) throws InterruptedException {
        return await(lines, p, timeout, "line");
    }

    /** Waits for a message of {@code type} matching {@code p}; fails with the output so far if none comes in time. */
    public <T extends Message> T awaitMessage(Class<T> type, Predicate<T> p, Duration timeout)
            throws InterruptedException {
        return type.cast(await(messages, m -> type.isInstance(m) && p.test(type.cast(m)), timeout,
                type.getSimpleName()));
    }

    /** The port from the server's {@link Message.Listening} (start it with {@code --status-format json}). */
    public int awaitServerPort() throws InterruptedException {
        return awaitMessage(Message.Listening.class, l -> true, Duration.ofSeconds(30)).port();
    }

    private <T> T await(List<T> seen, Predicate<? super T> p, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (T t : seen) {
                if (p.test(t)) {
                    return t;
                }
            }
            if (process.ended()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching " + what + " within " + timeout + "; output:\n"
                + String.join("\n", lines) + "\nmessages: " + messages);
    }

    /** Every output line that was not a message, in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Every message, in order. */
    public List<Message> messages() {
        return List.copyOf(messages);
    }

    public Process process() {
        return process.process();
    }

    /** SIGTERM, then the exit code (waits up to {@code timeout}); the output keeps being read meanwhile. */
    public int terminate(Duration timeout) throws InterruptedException {
        var code = process.terminate(timeout);
        if (code.isEmpty()) {
            throw new AssertionError("still running " + timeout + " after SIGTERM; output:\n"
                    + String.join("\n", lines));
        }
        return code.getAsInt();
    }

    @Override
    public void close() {
        process.close();
    }
}
