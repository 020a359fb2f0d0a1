package timelab.client.process;

import java.io.IOException;
import java.util.BitSet;
import java.util.List;
import timelab.fork.JvmProcess;
import timelab.fork.Message;

/**
 * One child JVM, seen from the parent: its {@link JvmProcess} (one pump thread, {@code timelab-client-child-PID},
 * small stack; the last {@value #TAIL} lines that were not messages) hands each {@link Message} to the engine; the
 * parent tells it {@link Message.Go} and {@link Message.Stop}. The JDK adds a "process reaper" thread per live child
 * as well.
 */
final class Child implements JvmProcess.Listener {

    static final int TAIL = 20;
    private static final JvmProcess.Watch WATCH = new JvmProcess.Watch("timelab-client-child", 256 * 1024, TAIL);

    /** What the engine hears from a child; called on the child's pump thread. */
    interface Listener {
        void ready(Child c);

        void progress(Child c, long started, long ok, long failed, long open);

        void held(Child c, long open);

        void connection(Child c, Message.Connection m);

        void ended(Child c);
    }

    final Slice slice;
    private final timelab.client.LoadPlan.Segment segment;
    final long spawnedNanos;
    private final BitSet reported = new BitSet();
    private final Listener listener;
    private final JvmProcess process;
    volatile boolean up;
    volatile boolean heldReported;
    volatile long started;
    volatile long ok;
    volatile long failed;
    volatile long open;
    volatile Message.Report report;
    volatile String badReport;
    volatile int exitCode = Integer.MIN_VALUE;

    /**
     * Starts the child and sends it its spec.
     *
     * @throws IOException when it cannot be started
     * @throws OutOfMemoryError when no thread can watch it (it is killed then)
     */
    Child(Slice slice, List<String> command, ChildSpec spec, Listener listener) throws IOException {
        this.slice = slice;
        this.segment = spec.plan().segment();
        this.spawnedNanos = System.nanoTime();
        this.listener = listener;
        this.process = JvmProcess.start(command, WATCH, this);
        process.sendSpec(spec);
    }

    @Override
    public void message(Message m) {
        switch (m) {
            case Message.Ready r -> {
                up = true;
                listener.ready(this);
            }
            case Message.Progress p -> listener.progress(this, p.started(), p.ok(), p.failed(), p.open());
            case Message.Held h -> listener.held(this, h.open());
            case Message.Connection c -> {
                synchronized (reported) {
                    reported.set(slice.local(segment, c.client()));
                }
                listener.connection(this, c);
            }
            case Message.Report r -> report = r;
            case Message.Result r -> throw new IllegalArgumentException("not a forked client's message");
            case Message.Listening l -> throw new IllegalArgumentException("not a forked client's message");
            case Message.Status s -> throw new IllegalArgumentException("not a forked client's message");
            case Message.Final f -> throw new IllegalArgumentException("not a forked client's message");
            case Message.Go g -> throw new IllegalArgumentException("not a forked client's message");
            case Message.Stop s -> throw new IllegalArgumentException("not a forked client's message");
        }
    }

    @Override
    public void unreadable(String line, String why) {
        if (report == null) {
            badReport = why;
        }
    }

    @Override
    public void ended(int code) {
        exitCode = code;
        listener.ended(this);
    }

    /** The last output lines that were not messages (JVM errors, warnings). */
    List<String> tail() {
        return process == null ? List.of() : process.tail();
    }

    /** Whether client {@code client} was reported with a {@link Message.Connection}. */
    boolean reported(int client) {
        synchronized (reported) {
            return reported.get(slice.local(segment, client));
        }
    }

    boolean ended() {
        return process != null && process.ended();
    }

    long pid() {
        return process.pid();
    }

    /** Kills it and its descendants. */
    void kill() {
        process.kill();
    }

    /** Sends a message; a child that has gone away is ignored. */
    void send(Message m) {
        process.send(m);
    }
}
