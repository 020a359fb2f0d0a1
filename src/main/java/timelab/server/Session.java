package timelab.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import timelab.protocol.ErrorReply;
import timelab.protocol.LineFramer;
import timelab.protocol.Request;
import timelab.service.Reply;
import timelab.service.Service;

/**
 * The protocol state of one connection, independent of I/O: frames input, answers it, decides when to close and
 * when a timeout is due. Every model runs its connections through a session, so the protocol is implemented once.
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

    private final LineFramer framer;
    private final Service service;
    private final Counters counters;
    private final RequestLog log;
    private final long lineTimeoutNanos;
    private final long idleTimeoutNanos;
    /** Does the request's {@code --work}, or {@code null} when there is none. */
    private final Worker worker;
    /** When the connection was accepted: its first request could be taken up from then. */
    private final long openedNanos;
    private Runnable onResume = () -> { };
    /** The request whose work is under way on the loop ({@link Worker#async()}), or {@code null}. */
    private Request.Command working;
    /** Its reply, once its work has finished. */
    private Reply worked;
    /** Input read after it, framed once it is answered. */
    private ByteBuffer held;
    private int consecutiveErrors;
    private long requests;
    private long lineStartedNanos;
    private CloseReason closeReason;

    /**
     * @param worker does each request's work, or {@code null} when there is none
     * @param openedNanos when the connection was accepted ({@code System.nanoTime()})
     */
    Session(Service service, ServerOptions options, Counters counters, RequestLog log, Worker worker,
            long openedNanos) {
        this.framer = new LineFramer(options.maxLine());
        this.worker = worker;
        this.openedNanos = openedNanos;
        this.service = service;
        this.counters = counters;
        this.log = log;
        this.lineTimeoutNanos = options.lineTimeout().toNanos();
        this.idleTimeoutNanos = options.idleTimeout().toNanos();
    }

    /**
     * Frames and answers every complete line in {@code in}, appending the replies to {@code out}.
     *
     * @param now when the bytes were read ({@code System.nanoTime()})
     * @return {@code false} when the connection must close once {@code out} is written ({@link #closeReason()}
     *     says why); the rest of {@code in} is then ignored
     * @throws IOException when the access log cannot record the requests: nothing in {@code out} may be sent, and
     *     the connection must end
     */
    boolean feed(ByteBuffer in, ByteArrayOutputStream out, long now) throws IOException {
        return feed(in, out, now, now);
    }

    /**
     * {@link #feed(ByteBuffer, ByteArrayOutputStream, long)}, for requests that could have been taken up before
     * they were read: from {@code readyNanos} (the event loop woke with them ready).
     */
    boolean feed(ByteBuffer in, ByteArrayOutputStream out, long now, long readyNanos) throws IOException {
        boolean open = frame(in, out, now, readyNanos);
        log.sync(); // with --access-log-fsync always: the lines are on disk before the replies leave
        return open;
    }

    /**
     * Whether a request's work is under way on the event loop: until it ends, the loop reads nothing more from
     * this connection (what was read already is held) and no timeout runs.
     */
    boolean working() {
        return working != null;
    }

    /** Called on the loop thread when the work under way ends; the loop then calls {@link #resume}. */
    void onResume(Runnable r) {
        this.onResume = r;
    }

    /**
     * Answers the request whose work has ended, then frames the input held behind it.
     *
     * @return as {@link #feed}
     */
    boolean resume(ByteArrayOutputStream out, long now) throws IOException {
        Request.Command command = working;
        Reply reply = worked;
        working = null;
        worked = null;
        boolean open = answerCommand(out, command, reply);
        ByteBuffer rest = held;
        held = null;
        if (open && rest != null) {
            return feed(rest, out, now);
        }
        log.sync();
        return open;
    }

    private boolean frame(ByteBuffer in, ByteArrayOutputStream out, long now, long readyNanos) throws IOException {
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
                    if (worker == null) {
                        if (!answerCommand(out, command, service.reply(command))) {
                            return false;
                        }
                    } else {
                        long ready = requests == 0 ? openedNanos : readyNanos;
                        if (worker.async()) {
                            if (startWork(in, command, ready)) {
                                return true; // framing goes on in resume()
                            }
                            Reply rejected = worked;
                            working = null;
                            worked = null;
                            if (!answerCommand(out, command, rejected)) {
                                return false;
                            }
                        } else if (!answerCommand(out, command, worker.serve(command, service, ready))) {
                            return false;
                        }
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

    /** Counts and writes a command's reply; {@code false} when the connection must close after it. */
    private boolean answerCommand(ByteArrayOutputStream out, Request.Command command, Reply reply) throws IOException {
        answer(out, command, reply);
        consecutiveErrors = reply.error() ? consecutiveErrors + 1 : 0;
        if (consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
            return close(CloseReason.TOO_MANY_ERRORS);
        }
        return true;
    }

    /**
     * Starts a request's work on the loop. {@code true} when it goes on after this returns (the rest of {@code in}
     * is held); {@code false} when it ended at once (a request the service rejects): its reply is then already
     * waiting in {@link #worked}, answered by the caller right away.
     */
    private boolean startWork(ByteBuffer in, Request.Command command, long ready) {
        working = command;
        worker.start(command, service, ready, reply -> {
            worked = reply;
            if (held != null) {
                onResume.run();
            }
        });
        if (worked != null) {
            return false;
        }
        held = ByteBuffer.allocate(in.remaining()).put(in).flip();
        return true;
    }

    /**
     * When the next timeout is due: the line timeout while a line is unfinished, else the idle timeout (if any).
     *
     * @param lastReadNanos when the last bytes arrived (or the connection was accepted)
     */
    long deadline(long lastReadNanos) {
        if (working != null) {
            return NO_DEADLINE;
        }
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

    /** Releases what the work holds (a backend connection); called once the connection has ended. */
    void release() {
        if (worker != null) {
            worker.release();
        }
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
