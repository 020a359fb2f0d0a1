package timelab.app;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import timelab.fork.JvmCommand;
import timelab.fork.JvmProcess;
import timelab.fork.Message;
import timelab.server.ServerStatus;

/**
 * One worker of {@link ServerWorkers}: a {@link ServerMain} child JVM (through {@code timelab.fork}, the one way a
 * JVM is forked) serving the parent's config in one process with {@code SO_REUSEPORT}; its {@link Message.Listening},
 * status and final messages read back as they come on its pump thread ({@code timelab-server-worker-PID}). Its other
 * lines are handed to the parent's {@link Events}, which prints the few a user needs.
 */
final class WorkerProcess implements AutoCloseable {

    /** What the parent hears from a worker; called on the worker's pump thread. */
    interface Events {
        /** A line that is not a message. */
        void line(WorkerProcess worker, String line);

        /** The worker exited, its output read to the end. */
        void ended(WorkerProcess worker, int exitCode);
    }

    private static final JvmProcess.Watch WATCH = new JvmProcess.Watch("timelab-server-worker", 0, 40);

    private final int number;
    private final JvmProcess process;
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile Message.Listening where;
    private volatile ServerStatus last;
    private volatile ServerStatus finalStatus;
    private volatile Map<String, Long> servedByModel = Map.of();

    private WorkerProcess(int number, List<String> command, String specJson, Events events) throws IOException {
        this.number = number;
        this.process = JvmProcess.start(command, WATCH, new JvmProcess.Listener() {
            @Override
            public void message(Message m) {
                onMessage(m);
            }

            @Override
            public void line(String line) {
                if (line.startsWith("served-by-model ")) {
                    servedByModel = served(line);
                }
                events.line(WorkerProcess.this, line);
            }

            @Override
            public void ended(int exitCode) {
                listening.countDown();
                events.ended(WorkerProcess.this, exitCode);
            }
        });
        process.sendSpecJson(specJson);
    }

    /**
     * Starts worker {@code number} (1-based) on {@code command} with {@code config} as its spec; returns at once
     * ({@link #awaitListening} waits for it to bind).
     */
    static WorkerProcess start(int number, JvmCommand command, ServerAppConfig config, Events events)
            throws IOException {
        return new WorkerProcess(number, command.toList(), AppJson.write(config), events);
    }

    /**
     * Waits until the worker listens.
     *
     * @return where it listens
     * @throws IOException when it exited first or did not listen within {@code timeout} (it is killed then); the
     *     message holds its last lines
     */
    Message.Listening awaitListening(Duration timeout) throws IOException {
        try {
            if (!listening.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && where == null) {
                close();
                throw new IOException("worker " + number + " did not listen within " + timeout + lastWords());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while worker " + number + " started", e);
        }
        if (where == null) {
            try {
                process.await(Duration.ofSeconds(5)); // its last words
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("worker " + number + " could not start" + lastWords());
        }
        return where;
    }

    int number() {
        return number;
    }

    long pid() {
        return process.pid();
    }

    boolean ended() {
        return process.ended();
    }

    /** Its latest status, empty before the first. */
    Optional<ServerStatus> lastStatus() {
        return Optional.ofNullable(last);
    }

    /** Its final status, empty when it gave none (it died, or has not stopped yet). */
    Optional<ServerStatus> finalStatus() {
        return Optional.ofNullable(finalStatus);
    }

    /** Its {@code served-by-model} line, read at its shutdown (empty before). */
    Map<String, Long> servedByModel() {
        return servedByModel;
    }

    /** Asks it to stop: no new connections, the in-flight ones get its grace ({@link Message.Stop}). */
    void requestStop() {
        process.send(new Message.Stop());
    }

    /** Waits for its exit; empty when it did not exit within {@code timeout}. */
    OptionalInt await(Duration timeout) throws InterruptedException {
        return process.await(timeout);
    }

    /** {@code : last lines: a | b} of its output, or nothing when it printed none. */
    String lastWords() {
        List<String> tail = process.tail();
        List<String> lines = tail.subList(Math.max(0, tail.size() - 3), tail.size());
        return lines.isEmpty() ? "" : "; last lines: " + String.join(" | ", lines);
    }

    /** Kills it and its descendants (nothing when it has exited). */
    @Override
    public void close() {
        process.close();
    }

    private void onMessage(Message m) {
        switch (m) {
            case Message.Listening l -> {
                where = l;
                listening.countDown();
            }
            case Message.Status s -> last = s.status();
            case Message.Final f -> {
                finalStatus = f.status();
                last = f.status();
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

    /** {@code served-by-model platform=10 virtual=20} read back ({@link ServerLines#servedLine}). */
    static Map<String, Long> served(String line) {
        Map<String, Long> byModel = new TreeMap<>();
        for (String word : line.substring("served-by-model".length()).strip().split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                try {
                    byModel.put(word.substring(0, eq), Long.parseLong(word.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    // not a count: left out
                }
            }
        }
        return Map.copyOf(byModel);
    }
}
