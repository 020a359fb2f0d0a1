package timelab.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import timelab.protocol.ErrorReply;
import java.util.Optional;
import timelab.protocol.Framer;
import timelab.protocol.Request;
import timelab.service.Reply;
import timelab.service.Service;

/**
 * The protocol state of one connection, independent of I/O: frames input, answers it, decides when to close and
 * when a timeout is due. Every model runs its connections through a session, so the protocol is implemented once.
 * How input is cut into requests is the handling's {@link Framer}; a service that {@linkplain #speaksFirst speaks
 * first} ({@code greet}) is given its chance right after accept ({@link #opened}); with {@code --one-request} the
 * connection closes after its first reply.
 *
 * <p>Every reply passes through {@link #answer}, which records it in the access log ({@link RequestLog}) before it
 * goes into the output: a reply is never written without its log line, and {@link ServerStats#requests()} counts
 * exactly the lines recorded.
 *
 * <p>Not thread-safe: used by the one thread serving the connection at a time.
 */
final class Session {

    /** Consecutive error replies after which the server closes the connection. */
    static final int MAX_CONSECUTIVE_ERRORS = 16;
    /** {@link #deadline} when no timeout is due. */
    static final long NO_DEADLINE = Long.MAX_VALUE;

    private static final Reply LINE_TOO_LONG = Reply.of(ErrorReply.LINE_TOO_LONG);
    private static final Reply TIMEOUT = Reply.of(ErrorReply.TIMEOUT);
    /** What the access log shows as the request of a greeting: nothing was read. */
    private static final Request NOTHING_READ = new Request.Blank(new byte[0]);

    private final Framer framer;
    private final Service service;
    private final Counters counters;
    private final RequestLog log;
    private final long lineTimeoutNanos;
    private final long idleTimeoutNanos;
    private final boolean oneRequest;
    private int consecutiveErrors;
    private long requests;
    private long lineStartedNanos;
    private CloseReason closeReason;

    Session(Service service, ServerOptions options, Counters counters, RequestLog log) {
        this.framer = Framer.of(options.handling().framing(), options.maxLine());
        this.oneRequest = options.handling().oneRequest();
        this.service = service;
        this.counters = counters;
        this.log = log;
        this.lineTimeoutNanos = options.lineTimeout().toNanos();
        this.idleTimeoutNanos = options.idleTimeout().toNanos();
    }

    /** Whether the service writes first ({@code greet}): then {@link #opened} must be called right after accept. */
    boolean speaksFirst() {
        return service.kind().speaksFirst();
    }

    /**
     * The connection was just accepted: a service that speaks first writes its greeting to {@code out} (through the
     * access log, like every reply) and the session closes; any other does nothing.
     *
     * @return {@code false} when the connection must close once {@code out} is written
     * @throws IOException when the access log cannot record the greeting: nothing in {@code out} may be sent
     */
    boolean opened(ByteArrayOutputStream out) throws IOException {
        Optional<Reply> greeting = service.greeting();
        if (greeting.isEmpty()) {
            return true;
        }
        answer(out, NOTHING_READ, greeting.get());
        log.sync();
        return close(CloseReason.ONE_REQUEST);
    }

    /** The smallest buffer a read must use so that the framer sees each request whole ({@code --framing chunk}). */
    int minReadBuffer() {
        return framer.minReadBuffer();
    }

    /**
     * Frames and answers every complete request in {@code in} (the bytes of one read), appending the replies to
     * {@code out}.
     *
     * @param now when the bytes were read ({@code System.nanoTime()})
     * @return {@code false} when the connection must close once {@code out} is written ({@link #closeReason()}
     *     says why); the rest of {@code in} is then ignored
     * @throws IOException when the access log cannot record the requests: nothing in {@code out} may be sent, and
     *     the connection must end
     */
    boolean feed(ByteBuffer in, ByteArrayOutputStream out, long now) throws IOException {
        boolean open = frame(in, out, now);
        log.sync(); // with --access-log-fsync always: the lines are on disk before the replies leave
        return open;
    }

    private boolean frame(ByteBuffer in, ByteArrayOutputStream out, long now) throws IOException {
        boolean hadPartial = framer.hasPartialLine();
        boolean framedAny = false;
        Request request;
        while ((request = framer.next(in)) != null) {
            framedAny = true;
            switch (request) {
                case Request.Blank blank -> { }
                case Request.Quit quit -> {
                    return close(CloseReason.QUIT);
                }
                case Request.TooLong tooLong -> {
                    answer(out, tooLong, LINE_TOO_LONG);
                    return close(CloseReason.LINE_TOO_LONG);
                }
                case Request.Command command -> {
                    Reply reply = service.reply(command);
                    answer(out, command, reply);
                    consecutiveErrors = reply.error() ? consecutiveErrors + 1 : 0;
                    if (consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
                        return close(CloseReason.TOO_MANY_ERRORS);
                    }
                    if (oneRequest) {
                        return close(CloseReason.ONE_REQUEST);
                    }
                }
            }
        }
        if (!framer.hasPartialLine()) {
            lineStartedNanos = 0;
        } else if (!hadPartial || framedAny) {
            lineStartedNanos = now;
        }
        return true;
    }

    /**
     * When the next timeout is due: the line timeout while a line is unfinished, else the idle timeout (if any).
     *
     * @param lastReadNanos when the last bytes arrived (or the connection was accepted)
     */
    long deadline(long lastReadNanos) {
        long idle = idleTimeoutNanos == 0 ? NO_DEADLINE : lastReadNanos + idleTimeoutNanos;
        if (framer.hasPartialLine()) {
            return Math.min(idle, lineStartedNanos + lineTimeoutNanos);
        }
        return idle;
    }

    /** The deadline passed: an unfinished line gets {@code ERROR timeout}; an idle connection is closed silently. */
    void expire(ByteArrayOutputStream out) {
        if (framer.hasPartialLine()) {
            counters.errorReplies.increment();
            out.writeBytes(TIMEOUT.wire());
            close(CloseReason.LINE_TIMEOUT);
        } else {
            close(CloseReason.IDLE_TIMEOUT);
        }
    }

    /** The peer closed its side: every complete line was answered already; an unfinished one is dropped. */
    void peerClosed() {
        close(CloseReason.PEER_CLOSED);
    }

    /** Why the session ended, or {@code null} while it goes on. */
    CloseReason closeReason() {
        return closeReason;
    }

    long requests() {
        return requests;
    }

    private void answer(ByteArrayOutputStream out, Request request, Reply reply) throws IOException {
        log.answered(request, reply); // first: may block while the log backs up; throws when it cannot take it
        requests++;
        counters.requests.increment();
        if (reply.error()) {
            counters.errorReplies.increment();
        }
        out.writeBytes(reply.wire());
    }

    private boolean close(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        return false;
    }
}
