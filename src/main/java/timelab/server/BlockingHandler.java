package timelab.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import timelab.service.Service;

/**
 * Serves one connection with blocking I/O on the calling thread: what every model but {@code nio} runs, on a
 * platform thread, a pool thread, a virtual thread or the acceptor itself. It reads and writes the
 * {@link SocketChannel} itself, not its socket adaptor's streams: a held connection then costs no adaptor objects, and
 * its parked thread has a shallower stack (docs/explanation/profiles.md, "Memory per held connection"). Timeouts are
 * deadlines the server's timer enforces: a read whose deadline passes has its input shut down ({@link
 * Connection#readDeadlineNanos}), a stalled write is aborted ({@link Connection#writeStartedNanos}). No read is timed
 * by the JDK, so a parked virtual thread has no timer task queued either.
 */
final class BlockingHandler {

    /**
     * Bytes read at once. Small on purpose: a held idle connection costs this buffer, so it stays far below the
     * 8 KB of a default stream buffer (docs/explanation/facts.md); pipelined input is simply read in more calls. 128
     * bytes hold 21 pipelined {@code TIME} requests; every byte here is paid once per held connection
     * (docs/explanation/profiles.md).
     */
    static final int READ_BUFFER = 128;

    private static final System.Logger LOG = System.getLogger(BlockingHandler.class.getName());

    private final Service service;
    private final ServerOptions options;
    private final Counters counters;
    private final Connections connections;
    private final AccessLog accessLog;
    private final RequestWork work;

    /** @param accessLog the server's access log, or {@code null} */
    BlockingHandler(Service service, ServerOptions options, Counters counters, Connections connections,
            AccessLog accessLog, RequestWork work) {
        this.work = work;
        this.service = service;
        this.options = options;
        this.counters = counters;
        this.connections = connections;
        this.accessLog = accessLog;
    }

    /**
     * Serves {@code c} until it ends, then ends it in the registry. Never throws.
     *
     * <p>One method on purpose: a held connection's thread waits in {@code read} below, and on a virtual thread every
     * frame under that wait is kept in the heap while it waits (its stack chunk), so the wait sits right under the
     * executor's own frames (docs/explanation/profiles.md, "Memory per held connection").
     *
     * @param virtualThread counts the calling thread in {@link Counters} as a virtual thread while it serves
     * @param queued the connection waited in an executor's queue ({@link Counters#queued}) until now
     */
    void serve(Connection c, boolean virtualThread, boolean queued) {
        if (queued) {
            counters.queued.down();
        }
        if (virtualThread) {
            counters.virtualStarted();
        }
        Session session = new Session(service, options, counters, RequestLog.of(accessLog, c), work.worker(c, null),
                c.acceptedNanos);
        CloseReason failure = null;
        try {
            // chunk framing reads a whole request (1024 bytes) at once
            ByteBuffer buffer = ByteBuffer.allocate(Math.max(READ_BUFFER, session.minReadBuffer()));
            ByteArrayOutputStream replies = null; // made when the first bytes arrive: a held connection has none
            long lastRead = System.nanoTime();
            boolean open = true;
            if (session.speaksFirst()) { // greet writes before it reads
                replies = new ByteArrayOutputStream(32);
                open = session.opened(replies);
                write(c, replies);
            }
            while (open) {
                long deadline = session.deadline(lastRead);
                boolean due = deadline != Session.NO_DEADLINE && deadline - System.nanoTime() <= 0;
                int n = 0;
                if (!due) {
                    c.readDeadlineNanos = deadline; // the timer shuts the input down if it passes while we wait
                    n = c.channel.read(buffer.clear());
                    c.readDeadlineNanos = Session.NO_DEADLINE;
                }
                if (replies == null) {
                    replies = new ByteArrayOutputStream(32); // a TIME reply is 14 bytes
                }
                if (due || (n < 0 && c.readTimedOut)) {
                    session.expire(replies);
                    open = false;
                } else if (n < 0) {
                    session.peerClosed();
                    open = false;
                } else {
                    lastRead = System.nanoTime();
                    open = session.feed(buffer.flip(), replies, lastRead);
                }
                write(c, replies);
            }
        } catch (IOException e) {
            failure = c.abortReason() != null ? c.abortReason() : CloseReason.RESET;
            LOG.log(System.Logger.Level.DEBUG, () -> c.remote + " ended: " + e);
        } finally {
            CloseReason reason = failure != null ? failure
                    : session.closeReason() != null ? session.closeReason() : CloseReason.PEER_CLOSED;
            connections.end(c, session.requests(), reason);
            session.release();
            if (virtualThread) {
                counters.virtualEnded();
            }
        }
    }

    /** A connection goes into an executor's queue ({@link Counters#queued}). */
    void queued() {
        counters.queued.up();
    }

    /** It was refused by the executor after all. */
    void unqueued() {
        counters.queued.down();
    }

    /** Writes every reply in {@code replies} (a blocking channel's stream writes them all) and empties it. */
    private static void write(Connection c, ByteArrayOutputStream replies) throws IOException {
        if (replies.size() == 0) {
            return;
        }
        c.writeStartedNanos = System.nanoTime();
        try {
            replies.writeTo(Channels.newOutputStream(c.channel));
        } finally {
            c.writeStartedNanos = 0;
            replies.reset();
        }
    }
}
