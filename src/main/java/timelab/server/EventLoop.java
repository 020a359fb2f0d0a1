package timelab.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import timelab.service.Service;
import timelab.work.Work;

/**
 * The {@code nio} model: one platform thread ({@code timelab-nio-loop}) runs a selector over every connection, with
 * no thread per connection (the coursework's asyncio server). It runs on a platform thread because
 * {@code Selector.select()} would pin a virtual one (docs/explanation/facts.md).
 *
 * <p>The acceptor hands it accepted channels through a queue. Each readable connection is read into one shared
 * direct buffer and fed to its {@link Session}, and its replies are written at once from another, so a round trip
 * allocates nothing here and the JDK copies nothing through its temporary buffers; ready keys are handled as the
 * selector finds them ({@link Selector#select(java.util.function.Consumer, long)}), without its selected-key set.
 * Replies that do not fit the socket wait in the connection's pending buffer, and while that holds more than
 * {@link #BACKPRESSURE} bytes the loop stops reading from it. Timeouts (line, idle,
 * write) are checked every {@link #SCAN_MILLIS} ms; so is whether another thread closed a connection's channel
 * ({@link Connection#abort}, e.g. when the access log fails), which cancels its key without the loop seeing an event.
 */
final class EventLoop implements Dispatcher, LoopTasks {

    static final int SCAN_MILLIS = 100;
    static final int BACKPRESSURE = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    private final ServerModel model;
    private final Service service;
    private final ServerOptions options;
    private final Counters counters;
    private final Connections connections;
    private final AccessLog accessLog;
    private final RequestWork work;
    private final LoopTimers timers = new LoopTimers();
    private final Consumer<SelectionKey> onReady = this::ready;
    /** When the current select woke with a key ready: requests read in this turn could be taken up from then. */
    private long wokeNanos;
    private final Selector selector;
    private final Queue<Connection> incoming = new ConcurrentLinkedQueue<>();
    /** The connections on the loop (loop thread only). */
    private final Set<Conn> conns = new HashSet<>();
    /** Ended connections whose keys are cancelled but not yet flushed from the selector (loop thread only). */
    private List<Conn> ending = new ArrayList<>();
    /** Those of them that ended before the current select, which flushes their keys: closed right after it. */
    private List<Conn> flushing = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final LoopReplies replies = new LoopReplies();
    private final long writeTimeoutNanos;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean retired;
    private volatile boolean killed;

    /** @param accessLog the server's access log, or {@code null} */
    EventLoop(ServerModel model, Service service, ServerOptions options, Counters counters, Connections connections,
            AccessLog accessLog, RequestWork work) {
        this.model = model;
        this.work = work;
        this.service = service;
        this.options = options;
        this.counters = counters;
        this.connections = connections;
        this.accessLog = accessLog;
        this.writeTimeoutNanos = options.writeTimeout().toNanos();
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = Thread.ofPlatform().name("timelab-nio-loop").daemon().start(this::run);
    }

    @Override
    public ServerModel model() {
        return model;
    }

    /**
     * Queues {@code c} for the loop. The check and the add are atomic with {@link #retire()}: once the loop has seen
     * {@code retired} with an empty queue and ended, no connection can still be added behind its back (it is
     * rejected instead, and the acceptor hands it to the new model).
     */
    @Override
    public void dispatch(Connection c) {
        lock.lock();
        try {
            if (retired) {
                throw new RejectedExecutionException("event loop retired");
            }
            c.timedByEventLoop = true;
            counters.queued.up();
            incoming.add(c);
        } finally {
            lock.unlock();
        }
        selector.wakeup();
    }

    @Override
    public void retire() {
        lock.lock();
        try {
            retired = true;
        } finally {
            lock.unlock();
        }
        selector.wakeup();
    }

    @Override
    public boolean isTerminated() {
        return !thread.isAlive();
    }

    @Override
    public void kill() {
        killed = true;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            long nextScan = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SCAN_MILLIS);
            while (!killed && !(retired && incoming.isEmpty() && conns.isEmpty() && ending.isEmpty())) {
                List<Conn> ended = flushing;
                flushing = ending;
                ending = ended; // empty: closeEnded cleared it
                long wait = flushing.isEmpty() ? timers.waitMillis(System.nanoTime(), SCAN_MILLIS) : 0;
                wokeNanos = 0;
                if (wait > 0) {
                    selector.select(onReady, wait);
                } else {
                    selector.selectNow(onReady); // flushes the cancelled keys (or runs due timers) without waiting
                }
                timers.runDue(System.nanoTime());
                closeEnded(flushing);
                registerIncoming();
                long now = System.nanoTime();
                if (now - nextScan >= 0) {
                    for (Conn conn : new ArrayList<>(conns)) {
                        if (!conn.c.channel.isOpen()) { // aborted by another thread: its key is gone already
                            conn.end(conn.c.abortReason() != null ? conn.c.abortReason() : CloseReason.RESET);
                        } else if (conn.key.isValid()) {
                            conn.checkDeadlines(now);
                        }
                    }
                    nextScan = now + TimeUnit.MILLISECONDS.toNanos(SCAN_MILLIS);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "event loop failed; closing its connections", e);
        } finally {
            for (Conn conn : new ArrayList<>(conns)) {
                conn.end(CloseReason.SHUTDOWN);
            }
            Connection c;
            while ((c = incoming.poll()) != null) {
                counters.queued.down();
                connections.end(c, 0, CloseReason.SHUTDOWN);
            }
            try {
                selector.close(); // deregisters every channel
            } catch (IOException e) {
                // nothing left to release
            }
            closeEnded(flushing);
            closeEnded(ending);
        }
    }

    private void ready(SelectionKey key) {
        if (wokeNanos == 0) {
            wokeNanos = System.nanoTime();
        }
        ((SelectorReady) key.attachment()).ready(key);
    }

    @Override
    public void after(long nanos, Runnable task) {
        timers.add(System.nanoTime() + nanos, task);
    }

    @Override
    public LoopTasks.Backend backend(Work.Call call, long timeoutNanos, int maxLine) {
        return new AsyncBackend(call, timeoutNanos, maxLine, this);
    }

    /** Registers a channel with the loop ({@link AsyncBackend}); {@code handler} gets its readiness on the loop. */
    SelectionKey register(SelectableChannel channel, int ops, SelectorReady handler) throws IOException {
        return channel.register(selector, ops, handler);
    }

    /**
     * Closes connections ended before the last select, whose keys that select has flushed. Closing a channel that
     * is still registered would make the JDK defer the close to the next select and, meanwhile, read
     * {@code SO_LINGER} and shut the output down: two more system calls per connection than Redis makes.
     */
    private void closeEnded(List<Conn> ended) {
        for (int i = 0; i < ended.size(); i++) { // no iterator: this runs on every turn of the loop
            Conn conn = ended.get(i);
            connections.end(conn.c, conn.session.requests(), conn.reason);
            conn.session.release();
        }
        ended.clear();
    }

    private void registerIncoming() {
        Connection c;
        while ((c = incoming.poll()) != null) {
            counters.queued.down();
            try {
                c.channel.configureBlocking(false);
                Conn conn = new Conn(c);
                conn.key = c.channel.register(selector, SelectionKey.OP_READ, conn);
                conns.add(conn);
                if (conn.session.speaksFirst()) { // greet writes (after its work) before it reads
                    conn.advance(() -> conn.session.opened(replies));
                }
            } catch (IOException e) {
                connections.end(c, 0, c.abortReason() != null ? c.abortReason() : CloseReason.RESET);
            }
        }
    }

    /** A step of a {@link Session} that may write replies: {@code false} when the connection must close. */
    private interface SessionStep {
        boolean run() throws IOException;
    }

    /** One connection's state on the loop. */
    private final class Conn implements SelectorReady {
        final Connection c;
        final Session session;
        SelectionKey key;
        ByteBuffer pending;
        long lastReadNanos;
        boolean closing;
        CloseReason reason;

        Conn(Connection c) {
            this.c = c;
            this.session = new Session(service, options, counters, RequestLog.of(accessLog, c),
                    work.worker(c, EventLoop.this), c.acceptedNanos);
            this.lastReadNanos = System.nanoTime();
            session.onResume(this::resumed);
        }

        @Override
        public void ready(SelectionKey k) {
            try {
                if (k.isValid() && k.isReadable()) {
                    read();
                }
                if (k.isValid() && k.isWritable()) {
                    flush();
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> c.remote + " ended: " + e);
                end(c.abortReason() != null ? c.abortReason() : CloseReason.RESET);
            }
        }

        void read() throws IOException {
            readBuffer.clear();
            int n = c.channel.read(readBuffer);
            if (n < 0) {
                session.peerClosed();
                closing = true;
            } else if (n > 0) {
                lastReadNanos = System.nanoTime();
                readBuffer.flip();
                boolean open;
                try {
                    open = session.feed(readBuffer, replies, lastReadNanos, wokeNanos == 0 ? lastReadNanos : wokeNanos);
                } catch (IOException e) {
                    replies.reset(); // the buffer is shared: unlogged replies must reach no one
                    throw e;
                }
                if (!open) {
                    closing = true;
                }
                queueReplies();
            }
            flush();
        }

        /** The work of a request ended on the loop: answers it and goes on with the input held behind it. */
        void resumed() {
            if (conns.contains(this)) { // else it ended meanwhile
                lastReadNanos = System.nanoTime();
                advance(() -> session.resume(replies, lastReadNanos));
            }
        }

        /** Runs a step of the session that makes replies without a read (a resumed request, a greeting). */
        private void advance(SessionStep step) {
            try {
                boolean open;
                try {
                    open = step.run();
                } catch (IOException e) {
                    replies.reset(); // the buffer is shared: unlogged replies must reach no one
                    throw e;
                }
                if (!open) {
                    closing = true;
                }
                queueReplies();
                flush();
            } catch (IOException e) {
                end(c.abortReason() != null ? c.abortReason() : CloseReason.RESET);
            }
        }

        /**
         * Writes the replies just made, or queues them behind the ones still pending. Written through the loop's
         * direct buffer; what the socket does not take now becomes the pending buffer.
         */
        void queueReplies() throws IOException {
            if (replies.size() > 0) {
                pending = pending != null && pending.hasRemaining() ? replies.appendTo(pending)
                        : replies.writeTo(c.channel, writeBuffer);
            }
        }

        void flush() throws IOException {
            if (pending != null) {
                if (c.writeStartedNanos == 0) {
                    c.writeStartedNanos = System.nanoTime();
                }
                c.channel.write(pending);
                if (!pending.hasRemaining()) {
                    pending = null;
                    c.writeStartedNanos = 0;
                }
            }
            if (pending == null) {
                if (closing) {
                    end(session.closeReason());
                } else {
                    key.interestOps(session.working() ? 0 : SelectionKey.OP_READ);
                }
            } else {
                boolean readMore = !closing && !session.working() && pending.remaining() < BACKPRESSURE;
                key.interestOps(SelectionKey.OP_WRITE | (readMore ? SelectionKey.OP_READ : 0));
            }
        }

        void checkDeadlines(long now) {
            try {
                if (pending != null && c.writeStartedNanos != 0 && now - c.writeStartedNanos > writeTimeoutNanos) {
                    end(CloseReason.WRITE_TIMEOUT);
                    return;
                }
                long deadline = session.deadline(lastReadNanos);
                if (!closing && deadline != Session.NO_DEADLINE && now - deadline >= 0) {
                    session.expire(replies);
                    closing = true;
                    queueReplies();
                    flush();
                }
            } catch (IOException e) {
                end(CloseReason.RESET);
            }
        }

        /** Ends the connection; it is closed and counted after the next select ({@link #closeEnded}). */
        void end(CloseReason why) {
            if (conns.remove(this)) {
                key.cancel();
                reason = why == null ? CloseReason.PEER_CLOSED : why;
                ending.add(this);
            }
        }
    }
}
