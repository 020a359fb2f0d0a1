package timelab.experiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import timelab.server.ServerModel;
import timelab.server.StatusLine;

/**
 * A {@code timelab server} in a child JVM, so that an experiment measures client and server apart: started on an
 * ephemeral loopback port, its status lines read back as they come, stopped with SIGTERM (final status), and killed
 * by {@link #close()} whatever happened.
 */
public final class ServerProcess implements AutoCloseable {

    private static final int KEEP_LINES = 200;

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile Map<String, String> lastStatus = Map.of();
    private final int port;

    private ServerProcess(List<String> command, Duration startTimeout) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = Thread.ofPlatform().daemon().name("timelab-server-output-" + process.pid()).start(this::read);
        port = awaitPort(startTimeout);
    }

    /**
     * The child's command: this JVM's {@code java}, this JVM's class path, {@code timelab.Main server} on
     * 127.0.0.1, port 0, one status line per second, then {@code serverArgs}.
     */
    public static List<String> command(ServerModel model, List<String> jvmOptions, List<String> serverArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "timelab.Main", "server",
                "--model", model.label(), "--bind", "127.0.0.1", "--port", "0", "--status-interval", "1s"));
        cmd.addAll(serverArgs);
        return List.copyOf(cmd);
    }

    /**
     * Starts a server and waits until it listens.
     *
     * @throws IOException when it cannot be started or does not listen within {@code startTimeout} (the message
     *     holds its last output lines)
     */
    public static ServerProcess start(ServerModel model, List<String> jvmOptions, List<String> serverArgs,
            Duration startTimeout) throws IOException {
        return new ServerProcess(command(model, jvmOptions, serverArgs), startTimeout);
    }

    /**
     * The port of {@code timelab server}'s start-up line ({@code … listening on ADDRESS:PORT (…)}), or -1 when
     * {@code line} is not that line.
     */
    public static int listeningPort(String line) {
        int at = line.indexOf(" listening on ");
        if (at < 0) {
            return -1;
        }
        int end = line.indexOf(' ', at + 14);
        String hostPort = line.substring(at + 14, end < 0 ? line.length() : end);
        try {
            return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** The pairs of the latest status line (empty before the first one). */
    public Map<String, String> lastStatus() {
        return lastStatus;
    }

    /** The last output lines, oldest first. */
    public List<String> lastLines() {
        return List.copyOf(lines);
    }

    /**
     * SIGTERM, then waits for the exit.
     *
     * @return the final status line's pairs (empty when the server printed none)
     */
    public Map<String, String> stop(Duration timeout) throws IOException {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("the server did not stop within " + timeout + "; last output: "
                        + String.join(" | ", lastLines()));
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the server", e);
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("final " + StatusLine.PREFIX)) {
                return StatusLine.parse(lines.get(i));
            }
        }
        return Map.of();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(StatusLine.PREFIX + " ")) {
                    lastStatus = StatusLine.parse(line);
                }
                lines.add(line);
                if (lines.size() > KEEP_LINES) {
                    lines.remove(0);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private int awaitPort(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            for (String line : lines) {
                int port = listeningPort(line);
                if (port >= 0) {
                    return port;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new IOException("the server child did not start listening; last output: " + String.join(" | ", lines));
    }
}
