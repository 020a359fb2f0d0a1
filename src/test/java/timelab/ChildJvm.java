package timelab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import timelab.experiment.ServerProcess;

/**
 * {@code timelab} run as a real child JVM on the test's own classpath (so it needs no packaged jar), its output
 * captured line by line. Always {@link #close()} it: that kills the process if it still runs.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread pump;

    private ChildJvm(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        pump = Thread.ofPlatform().daemon().name("child-output").start(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    /**
     * The command that runs {@code timelab args…} in a new JVM.
     *
     * @param launcher what runs the JVM, e.g. {@code prlimit --nofile=96:96 --}; nothing when empty
     * @param jvmOptions JVM options (default {@code -Xmx128m} when empty)
     */
    public static List<String> command(List<String> launcher, List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions.isEmpty() ? List.of("-Xmx128m") : jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "timelab.Main"));
        cmd.addAll(List.of(args));
        return cmd;
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
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (p.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive() && !pump.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching line within " + timeout + "; output:\n" + String.join("\n", lines));
    }

    /** The port from the server's "listening on ADDRESS:PORT" line. */
    public int awaitServerPort() throws InterruptedException {
        return ServerProcess.listeningPort(awaitLine(l -> ServerProcess.listeningPort(l) >= 0,
                Duration.ofSeconds(30)));
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public Process process() {
        return process;
    }

    /** SIGTERM, then the exit code (waits up to {@code timeout}); the output keeps being read meanwhile. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.toHandle().destroy(); // Process.destroy() would also close our end of the output pipe

        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(
                    "still running " + timeout + " after SIGTERM; output:\n" + String.join("\n", lines));
        }
        pump.join(5_000);
        return process.exitValue();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
