package timelab.experiment;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import timelab.server.ServerModel;
import timelab.server.StatusLine;

/**
 * A {@code timelab server} in a child JVM, so that an experiment measures client and server apart: started on an
 * ephemeral loopback port, its status lines read back as they come, stopped with SIGTERM (final status), and killed
 * by {@link #close()} whatever happened.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING =
            Pattern.compile(" listening on (\\S+):(\\d+) \\(backlog (\\d+), max-connections (\\d+)\\)");

    private final TimelabProcess process;
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile Map<String, String> lastStatus = Map.of();
    private volatile Map<String, String> finalStatus = Map.of();
    private volatile int port = -1;
    private volatile int backlog = -1;
    private volatile int maxConnections = -1;

    private ServerProcess(List<String> command, Duration startTimeout) throws IOException {
        process = new TimelabProcess(command, this::onLine);
        awaitListening(startTimeout);
    }

    /**
     * The child's command: this JVM's {@code java}, this JVM's class path, {@code timelab.Main server} on
     * 127.0.0.1, port 0, one status line per second, then {@code serverArgs}.
     */
    public static List<String> command(ServerModel model, List<String> jvmOptions, List<String> serverArgs) {
        List<String> args = new ArrayList<>(List.of("server", "--model", model.label(), "--bind", "127.0.0.1",
                "--port", "0", "--status-interval", "1s"));
        args.addAll(serverArgs);
        return TimelabProcess.command(jvmOptions, args);
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

    /** The listen backlog the server asked for, from its start-up line. */
    public int backlog() {
        return backlog;
    }

    /** The server's {@code --max-connections} (given or derived from its fd limit), from its start-up line. */
    public int maxConnections() {
        return maxConnections;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The pairs of the latest status line (empty before the first one). */
    public Map<String, String> lastStatus() {
        return lastStatus;
    }

    /** The last output lines, oldest first. */
    public List<String> lastLines() {
        return process.lastLines();
    }

    /**
     * SIGTERM, then waits for the exit.
     *
     * @return the final status line's pairs (empty when the server printed none)
     * @throws IOException when it did not stop within {@code timeout} (it is killed then)
     */
    public Map<String, String> stop(Duration timeout) throws IOException {
        try {
            OptionalInt code = process.terminate(timeout);
            if (code.isEmpty()) {
                throw new IOException("the server did not stop within " + timeout + "; last output: "
                        + String.join(" | ", lastLines()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the server", e);
        }
        return finalStatus;
    }

    @Override
    public void close() {
        process.close();
    }

    private void onLine(String line) {
        if (line.startsWith("final " + StatusLine.PREFIX + " ")) {
            finalStatus = StatusLine.parse(line);
        } else if (line.startsWith(StatusLine.PREFIX + " ")) {
            lastStatus = StatusLine.parse(line);
        } else if (port < 0) {
            int p = listeningPort(line);
            if (p < 0) {
                return;
            }
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                backlog = Integer.parseInt(m.group(3));
                maxConnections = Integer.parseInt(m.group(4));
            }
            port = p;
            listening.countDown();
        }
    }

    private void awaitListening(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!listening.await(50, TimeUnit.MILLISECONDS)) {
                if (!process.isAlive()) {
                    process.await(Duration.ofSeconds(5)); // read its last words
                    break;
                }
                if (System.nanoTime() - deadline > 0) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (port < 0) {
            close();
            throw new IOException("the server child did not start listening; last output: "
                    + String.join(" | ", lastLines()));
        }
    }
}
