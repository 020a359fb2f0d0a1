package timelab.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import timelab.service.Service;

/**
 * Serves one connection with blocking I/O on the calling thread: what every model but {@code nio} runs, on a
 * platform thread, a pool thread, a virtual thread or the acceptor itself. Read timeouts come from
 * {@code SO_TIMEOUT}; a stalled write is aborted by the server's timer ({@link Connection#writeStartedNanos}).
 */
final class BlockingHandler {

    /**
     * Bytes read at once. Small on purpose: a held idle connection costs this buffer, so it stays far below the
     * 8 KB of a default stream buffer (FACTS.md); pipelined input is simply read in more calls. 128 bytes hold 21
     * pipelined {@code TIME} requests; every byte here is paid once per held connection (docs/PERFORMANCE.md).
     */
    static final int READ_BUFFER = 128;

    private static final System.Logger LOG = System.getLogger(BlockingHandler.class.getName());

    private final Service service;
    private final ServerOptions options;
    private final Counters counters;
    private final Connections connections;
    private final AccessLog accessLog;

    /** @param accessLog the server's access log, or {@code null} */
    BlockingHandler(Service service, ServerOptions options, Counters counters, Connections connections,
            AccessLog accessLog) {
        this.service = service;
        this.options = options;
        this.counters = counters;
        this.connections = connections;
        this.accessLog = accessLog;
    }

    /** Serves {@code c} until it ends, then ends it in the registry. Never throws. */
    void serve(Connection c) {
        Session session = new Session(service, options, counters, RequestLog.of(accessLog, c));
        CloseReason failure = null;
        try {
            run(c, session);
        } catch (IOException e) {
            failure = c.abortReason() != null ? c.abortReason() : CloseReason.RESET;
            LOG.log(System.Logger.Level.DEBUG, () -> c.remote + " ended: " + e);
        } finally {
            CloseReason reason = failure != null ? failure
                    : session.closeReason() != null ? session.closeReason() : CloseReason.PEER_CLOSED;
            connections.end(c, session.requests(), reason);
        }
    }

    private void run(Connection c, Session session) throws IOException {
        Socket socket = c.channel.socket();
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] bytes = new byte[READ_BUFFER];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        ByteArrayOutputStream replies = new ByteArrayOutputStream(32); // a TIME reply is 14 bytes
        long lastRead = System.nanoTime();
        while (true) {
            long deadline = session.deadline(lastRead);
            if (deadline == Session.NO_DEADLINE) {
                socket.setSoTimeout(0);
            } else {
                long millis = Math.ceilDiv(deadline - System.nanoTime(), 1_000_000L);
                if (millis <= 0) {
                    session.expire(replies);
                    write(c, out, replies);
                    return;
                }
                socket.setSoTimeout((int) Math.min(millis, Integer.MAX_VALUE));
            }
            int n;
            try {
                n = in.read(bytes);
            } catch (SocketTimeoutException e) {
                continue; // the loop recomputes the deadline and expires the session when it is due
            }
            if (n < 0) {
                session.peerClosed();
                return;
            }
            lastRead = System.nanoTime();
            buffer.limit(n).position(0);
            boolean open = session.feed(buffer, replies, lastRead);
            write(c, out, replies);
            if (!open) {
                return;
            }
        }
    }

    private static void write(Connection c, OutputStream out, ByteArrayOutputStream replies) throws IOException {
        if (replies.size() == 0) {
            return;
        }
        c.writeStartedNanos = System.nanoTime();
        try {
            replies.writeTo(out);
        } finally {
            c.writeStartedNanos = 0;
            replies.reset();
        }
    }
}
