package timelab.server;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import timelab.protocol.Request;
import timelab.service.Reply;

/**
 * The access log (docs/reference/protocol.md): one line per answered request, nothing lost, nothing interleaved.
 *
 * <p>Threads: the threads answering requests (platform, pool, virtual or the event loop) format their line and put
 * it in a bounded queue <em>before</em> they write the reply; one platform thread ({@code timelab-access-log}) takes
 * lines off the queue in batches and writes them to the {@link AccessLogChannel}, which never splits or interleaves a
 * line. When the queue is full, producers wait (they never drop a line) and the
 * {@code backedUp} callback is told (the server reports it as a problem, at most once a second). Nothing here uses
 * {@code synchronized}: a virtual thread waiting for the log unmounts instead of pinning its carrier.
 *
 * <p>Fsync ({@link AccessLogOptions.Fsync}): {@code always} makes each connection wait, before its replies go out,
 * until its lines are written and forced (one force per batch, shared by every connection in it); {@code everysec}
 * forces once a second while lines come in; {@code no} leaves it to the operating system. Whatever the mode,
 * {@link #close()} writes every queued line and forces the file. Only regular files are forced ({@code /dev/stdout}
 * or a pipe cannot be).
 *
 * <p>States: open → (write or force fails) → failed → closed, or open → closed. On failure the writer truncates a
 * torn last line away, tells the {@code failed} callback once (the server stops serving) and ends. From then on every
 * {@link RequestLog#answered} and {@link RequestLog#sync} throws (one that waits notices within 100 ms), so those
 * replies are not sent, and {@link #close()} counts the lines still queued as lost. What the log cannot promise:
 * lines still queued when the process is killed with SIGKILL or crashes, or when the disk fails, are lost although
 * their replies may have been sent (except with {@code always}); at most {@link AccessLogOptions#queueCapacity()}.
 *
 * <p>Appends to the file ({@code O_APPEND}); one server per log file.
 */
final class AccessLog implements AutoCloseable {

    static final String THREAD_NAME = "timelab-access-log";
    /** Lines taken off the queue at once. */
    static final int MAX_BATCH = 4096;

    private static final long FORCE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long IDLE_POLL_MILLIS = 1000;
    private static final long WAIT_SLICE_MILLIS = 100;
    private static final Entry CLOSE = new Entry(new byte[0], null, 0);

    private final AccessLogOptions options;
    private final AccessLogChannel file;
    private final AccessLogFormat format;
    private final InstantSource clock;
    private final ArrayBlockingQueue<Entry> queue;
    private final Runnable backedUp;
    private final Consumer<IOException> failed;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread writer;
    private volatile long lost;
    private volatile IOException failure;
    private volatile boolean stopped;

    private AccessLog(AccessLogOptions options, AccessLogChannel file, ZoneId zone, InstantSource clock,
            Runnable backedUp, Consumer<IOException> failed) {
        this.options = options;
        this.file = file;
        this.format = new AccessLogFormat(zone);
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.backedUp = backedUp;
        this.failed = failed;
        this.writer = Thread.ofPlatform().name(THREAD_NAME).daemon().start(this::run);
    }

    /**
     * Opens (creating or appending to) the log file and starts the writer.
     *
     * @param zone the zone of the timestamps
     * @param clock the clock of the timestamps
     * @param backedUp called on a producer's thread when the queue is full and it has to wait
     * @param failed called once, on the writer thread, when the file cannot be written or forced; must not block
     * @throws IOException saying why, when the file cannot be opened for writing
     */
    static AccessLog open(AccessLogOptions options, ZoneId zone, InstantSource clock, Runnable backedUp,
            Consumer<IOException> failed) throws IOException {
        AccessLogChannel file = AccessLogChannel.open(options.file());
        try {
            return new AccessLog(options, file, zone, clock, backedUp, failed);
        } catch (RuntimeException | Error e) {
            file.close();
            throw e;
        }
    }

    /** The handle a connection's session records its requests with. */
    RequestLog forConnection(Connection c) {
        return new Handle(c.remote, c.model);
    }

    AccessLogStats stats() {
        IOException f = failure;
        return new AccessLogStats(options.file(), file.written(), lost, f == null ? null : AccessLogChannel.reason(f));
    }

    /**
     * Writes every queued line, forces the file, stops the writer and closes the file. Call it once no thread
     * answers requests any more; idempotent. Waits for the disk as long as it takes: a line is never given up
     * on shutdown.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                if (queue.offer(CLOSE, WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (failure != null) { // the writer stopped at the failure: what is still queued was never written
            lost += queue.stream().filter(e -> e != CLOSE).count();
            queue.clear();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void append(Entry e) throws IOException {
        ensureUsable();
        if (!queue.offer(e)) {
            backedUp.run();
            try {
                while (!queue.offer(e, WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                    ensureUsable(); // a log that failed or stopped meanwhile takes no more lines
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the access log");
            }
        }
        ensureUsable(); // it failed meanwhile: the line may never be written, so the reply must not go out
    }

    private void ensureUsable() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException("the access log cannot be written: " + AccessLogChannel.reason(f), f);
        }
        if (stopped) {
            throw new IOException("the access log is closed");
        }
    }

    private void awaitDurable(Handle h, long seq) throws IOException {
        h.waiter = Thread.currentThread();
        try {
            while (h.durable < seq) {
                ensureUsable();
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(WAIT_SLICE_MILLIS));
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the access log");
                }
            }
        } finally {
            h.waiter = null;
        }
    }

    // ---- the writer thread ----

    private void run() {
        List<Entry> batch = new ArrayList<>(MAX_BATCH);
        long lastForce = System.nanoTime();
        boolean dirty = false;
        boolean stop = false;
        try {
            while (!stop) {
                long wait = IDLE_POLL_MILLIS;
                if (dirty && options.fsync() == AccessLogOptions.Fsync.EVERYSEC) {
                    wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(lastForce + FORCE_INTERVAL_NANOS
                            - System.nanoTime()));
                }
                Entry first = queue.poll(wait, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    stop = batch.removeIf(e -> e == CLOSE);
                    if (stop) {
                        queue.drainTo(batch); // producers that were still finishing: their lines too
                        batch.removeIf(e -> e == CLOSE);
                    }
                    file.write(batch, Entry::line);
                    dirty = true;
                    if (options.fsync() == AccessLogOptions.Fsync.ALWAYS || stop) {
                        file.force();
                        dirty = false;
                        lastForce = System.nanoTime();
                    }
                    publish(batch);
                    batch.clear();
                }
                if (dirty && options.fsync() == AccessLogOptions.Fsync.EVERYSEC
                        && System.nanoTime() - lastForce >= FORCE_INTERVAL_NANOS) {
                    file.force();
                    dirty = false;
                    lastForce = System.nanoTime();
                }
            }
        } catch (IOException e) {
            fail(e, batch);
        } catch (InterruptedException e) {
            fail(new InterruptedIOException("the access log writer was interrupted"), batch);
        } catch (RuntimeException | Error e) {
            fail(new IOException(e.toString(), e), batch);
        } finally {
            stopped = true;
            file.close();
        }
    }

    /** Tells the connections waiting for {@code always} that their lines are on disk. */
    private static void publish(List<Entry> batch) {
        for (Entry e : batch) {
            if (e.handle != null) {
                e.handle.durable = e.seq;
            }
        }
        for (Entry e : batch) {
            if (e.handle != null) {
                Thread w = e.handle.waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }
    }

    // lost has one writer thread (close() adds to it only after joining it): no atomicity needed
    private void fail(IOException e, List<Entry> batch) {
        failure = e;
        if (!batch.isEmpty()) { // a failed force after the batch was published loses nothing of it
            lost += batch.size() - file.batchWritten();
        }
        file.cutTornLine(); // a write that stopped half-way: no torn last line
        wake(batch);
        try {
            failed.accept(e);
        } catch (RuntimeException ignored) {
            // the owner's problem; the log has failed either way
        }
        // The writer ends here. Producers see the failure by themselves (append and sync check it at least every
        // WAIT_SLICE_MILLIS), close() stops offering CLOSE to a dead writer, and counts what is still queued as lost.
    }

    private static void wake(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.handle != null && e.handle.waiter != null) {
                LockSupport.unpark(e.handle.waiter);
            }
        }
    }

    /** One line on its way to the file; {@code handle} is set when its connection waits for it ({@code always}). */
    private record Entry(byte[] line, Handle handle, long seq) {}

    /** One connection's view of the log; used by the one thread serving it at a time. */
    private final class Handle implements RequestLog {
        private final String remote;
        private final String model;
        /** Lines this connection recorded (serving thread only). */
        private long recorded;
        /** The last of its lines written and forced (writer thread; {@code always} only). */
        volatile long durable;
        volatile Thread waiter;

        Handle(String remote, String model) {
            this.remote = remote;
            this.model = model;
        }

        @Override
        public void answered(Request request, Reply reply) throws IOException {
            byte[] line = format.line(clock.instant(), remote, model, request, reply);
            long seq = recorded + 1;
            boolean waits = options.fsync() == AccessLogOptions.Fsync.ALWAYS;
            append(new Entry(line, waits ? this : null, seq));
            recorded = seq;
        }

        @Override
        public void sync() throws IOException {
            if (options.fsync() == AccessLogOptions.Fsync.ALWAYS && durable < recorded) {
                awaitDurable(this, recorded);
            }
        }
    }
}
