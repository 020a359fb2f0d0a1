package timelab.server;

import java.io.IOException;
import timelab.protocol.Request;
import timelab.service.Reply;

/**
 * Where a {@link Session} records what it answers: one connection's handle on the server's {@link AccessLog}, or
 * {@link #NONE}. Used by the one thread serving the connection at a time.
 */
interface RequestLog {

    /**
     * Records that {@code request} is answered with {@code reply}. Called <em>before</em> the reply is written, so
     * that no client ever holds a reply whose line could still be lost on an orderly shutdown. Blocks while the log
     * is backed up; never drops the line.
     *
     * @throws IOException when the log cannot take it (it failed, or it is closed): the reply must not be sent
     */
    void answered(Request request, Reply reply) throws IOException;

    /**
     * Returns once every line recorded so far is as safe as the fsync mode promises before its reply goes out:
     * for {@code always}, written and forced; otherwise at once.
     *
     * @throws IOException when the log failed before those lines were on disk: the replies must not be sent
     */
    void sync() throws IOException;

    /** {@code log}'s handle for connection {@code c}, or {@link #NONE} when there is no log. */
    static RequestLog of(AccessLog log, Connection c) {
        return log == null ? NONE : log.forConnection(c);
    }

    /** No access log. */
    RequestLog NONE = new RequestLog() {
        @Override
        public void answered(Request request, Reply reply) {}

        @Override
        public void sync() {}
    };
}
