package timelab.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * One child JVM, seen from the parent: reads its output on one platform thread ({@code timelab-client-child-N}, small
 * stack) and hands each {@link WorkerProtocol} line to the engine; keeps the last lines that were not protocol; writes
 * {@code go}/{@code stop} to its input. The JDK adds a "process reaper" thread per live child as well.
 */
final class Child {

    static final int TAIL = 20;

    /** What the engine hears from a child; called on the child's reader thread. */
    interface Listener {
        void ready(Child c);

        void progress(Child c, long started, long ok, long failed, long open);

        void held(Child c, long open);

        void connection(Child c, String line);

        void ended(Child c);
    }

    final Slice slice;
    final Process process;
    final long spawnedNanos;
    private final OutputStream input;
    private final Deque<String> tail = new ArrayDeque<>();
    private final BitSet reported = new BitSet();
    private final Listener listener;
    volatile boolean up;
    volatile boolean heldReported;
    volatile long started;
    volatile long ok;
    volatile long failed;
    volatile long open;
    volatile WorkerReport report;
    volatile String badReport;
    volatile int exitCode = Integer.MIN_VALUE;
    private volatile boolean ended;

    Child(Slice slice, Process process, long spawnedNanos, Listener listener) {
        this.slice = slice;
        this.process = process;
        this.spawnedNanos = spawnedNanos;
        this.input = process.getOutputStream();
        this.listener = listener;
        Thread.ofPlatform().name("timelab-client-child-" + slice.child()).stackSize(256 * 1024).daemon()
                .start(this::pump);
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
        try {
            input.close();
        } catch (IOException e) {
            // it is gone anyway
        }
        ended = true;
        listener.ended(this);
    }

    private void handle(String line) {
        try {
            if (line.equals(WorkerProtocol.READY)) {
                up = true;
                listener.ready(this);
            } else if (line.startsWith(WorkerProtocol.PROGRESS)) {
                long[] n = WorkerProtocol.numbers(line, WorkerProtocol.PROGRESS);
                listener.progress(this, n[0], n[1], n[2], n[3]);
            } else if (line.startsWith(WorkerProtocol.HELD)) {
                listener.held(this, WorkerProtocol.numbers(line, WorkerProtocol.HELD)[0]);
            } else if (line.startsWith(WorkerProtocol.CONN)) {
                int client = Integer.parseInt(line.substring(WorkerProtocol.CONN.length(),
                        line.indexOf(' ', WorkerProtocol.CONN.length())));
                synchronized (reported) {
                    reported.set(client - slice.first());
                }
                listener.connection(this, line);
            } else if (line.startsWith("{\"worker\"")) {
                try {
                    report = ClientJson.read(line, WorkerReport.class);
                } catch (IllegalArgumentException e) {
                    badReport = e.getMessage();
                    keep(line);
                }
            } else {
                keep(line);
            }
        } catch (RuntimeException e) {
            keep(line); // a line that only looked like protocol
        }
    }

    private void keep(String line) {
        synchronized (tail) {
            if (tail.size() == TAIL) {
                tail.removeFirst();
            }
            tail.addLast(line.length() > 500 ? line.substring(0, 500) + "…" : line);
        }
    }

    /** The last output lines that were not protocol (JVM errors, warnings). */
    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /** Whether client {@code client} was reported with a {@code @conn} line. */
    boolean reported(int client) {
        synchronized (reported) {
            return reported.get(client - slice.first());
        }
    }

    boolean ended() {
        return ended;
    }

    /** Sends a control line; a child that has gone away is ignored. */
    void send(String line) {
        synchronized (input) {
            try {
                input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                input.flush();
            } catch (IOException e) {
                // the child ended or closed its input: nothing to tell it any more
            }
        }
    }
}
