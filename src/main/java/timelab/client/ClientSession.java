package timelab.client;

import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.FailureClassifier.Phase;
import timelab.protocol.LineFramer;

/**
 * The client's side of one connection, independent of I/O (the server's {@code server.Session} is its model): what
 * to send, how replies are framed ({@link LineFramer#splitting}) and judged ({@link ReplyCheck}), when the connection
 * is done and how it ended. Every driver runs it — {@link BlockingDriver} on a thread with a blocking socket,
 * {@link SelectorDriver} on a selector thread with a non-blocking channel, {@link NettyDriver} on a Netty event
 * loop — so the connection sequence, its {@link Outcome}s and its failure kinds are written once. The driver does the
 * I/O, keeps the clock and the hold gate, and reports what happened; the session answers each report with the next
 * {@link Step}.
 *
 * <pre>
 * NEW ─connecting─▶ CONNECTING ─connected─▶ OPEN ─(hold gate)─ begin ─▶ SENDING ─written─▶ AWAITING ─received─┐
 *                                                                          ▲   (a reply judged right, more to send) │
 *                                                                          └────────────────────────────────────────┘
 * after the last reply: SENDING QUIT ─written─▶ QUITTING ─ended (the server closed)─▶ DONE
 * any state ─failed / timedOut / ended early / a wrong reply─▶ DONE (while QUITTING: DONE, ok)
 * </pre>
 *
 * <p>A reply line is taken only once its request has been sent: bytes that come earlier (a server speaking first, or
 * an extra line after a reply) wait in the session and answer the next request. While held ({@code OPEN}), an end of
 * stream is remembered and found out by the first request, as a blocked client would.
 *
 * <p>Counts into the run's {@link Tally} (open connections, connect and request latency, answered requests).
 * Not thread-safe: one driver thread at a time.
 */
final class ClientSession {

    /** {@link #deadline()} when nothing is being waited for. */
    static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Where the connection is; see the class comment. */
    enum State { NEW, CONNECTING, OPEN, SENDING, AWAITING, QUITTING, DONE }

    /** What the driver does next. */
    sealed interface Step {
        /** Write all of {@code bytes}, then report {@link #written}. */
        record Send(ByteBuffer bytes) implements Step {}

        /** Read, then report {@link #received} (or {@link #ended} at end of stream). */
        record Receive() implements Step {}

        /** The connection is over: close it, then report {@link #closed}. */
        record Done(ConnectionResult result) implements Step {}
    }

    /** The one {@link Step.Receive}. */
    static final Step RECEIVE = new Step.Receive();

    private final ConnectionPlan plan;
    private final int client;
    private final long intendedStartNanos;
    private final LineFramer framer = LineFramer.splitting(ConnectionPlan.MAX_REPLY);
    private State state = State.NEW;
    private Step.Done done;
    private long begin;
    private long deadline = NO_DEADLINE;
    private long connectNanos = -1;
    private long requestNanos;
    private int request;
    private String requestLine;
    private long sent;
    private int answered;
    private String last;
    private boolean anyByte;
    private boolean endOfStream;
    private boolean counted;
    /** Bytes read before the request they answer was sent (null while there are none). */
    private ByteBuffer early;

    /**
     * @param intendedStartNanos open model: when the client should have started, its connect latency is measured
     *     from then (a stall before the connect is not hidden); -1 otherwise
     */
    ClientSession(ConnectionPlan plan, int client, long intendedStartNanos) {
        this.plan = plan;
        this.client = client;
        this.intendedStartNanos = intendedStartNanos;
    }

    int client() {
        return client;
    }

    State state() {
        return state;
    }

    /** How long a reply (or the server's close after {@code QUIT}) may take. */
    long readTimeoutNanos() {
        return plan.readTimeoutNanos();
    }

    /** When the current wait (connect, reply, the server's close after QUIT) times out; {@link #NO_DEADLINE}. */
    long deadline() {
        return deadline;
    }

    /** The connect begins (the socket is bound, if it had to be). */
    void connecting(long now) {
        state = State.CONNECTING;
        begin = now;
        deadline = now + plan.connectTimeoutNanos();
    }

    /**
     * The connect succeeded: counts the connection as open and its connect time.
     *
     * @return {@code false} when the socket is connected to itself (TCP simultaneous open: nothing listened and the
     *     kernel picked the destination port as the source port) — the session is then done with
     *     {@link FailureKind#SELF_CONNECT}
     */
    boolean connected(long now, SocketAddress local, SocketAddress remote) {
        state = State.OPEN;
        deadline = NO_DEADLINE;
        connectNanos = now - (intendedStartNanos >= 0 ? intendedStartNanos : begin);
        counted = true;
        plan.tally().open.up();
        plan.tally().connect.recordValue(ClientRun.micros(connectNanos));
        if (local.equals(remote)) {
            finish(new Outcome.Failed(FailureKind.SELF_CONNECT, "local address " + local + " is the remote address"));
            return false;
        }
        return true;
    }

    /** Past the hold gate (if any): the first request. */
    Step begin(long now) {
        return next(now);
    }

    /** The last {@link Step.Send} was written in full. */
    Step written(long now) {
        if (state == State.DONE) {
            return done;
        }
        if (state == State.QUITTING) {
            early = null; // what came before the close is drained unread
            return endOfStream ? finish(Outcome.OK) : RECEIVE;
        }
        state = State.AWAITING;
        Step step = RECEIVE;
        if (early != null) { // lines that came before this request: the first of them is its reply
            ByteBuffer pending = early;
            early = null;
            step = received(pending, now);
        }
        return step instanceof Step.Receive && endOfStream ? closedEarly() : step;
    }

    /** Bytes arrived; all of {@code in} is consumed (what is not used yet is kept). */
    Step received(ByteBuffer in, long now) {
        if (in.hasRemaining()) {
            anyByte = true;
        }
        return switch (state) {
            case DONE -> {
                in.position(in.limit()); // the connection is over: nothing more is read
                yield done;
            }
            case QUITTING -> {
                in.position(in.limit()); // after QUIT, everything until the close is drained unread
                yield RECEIVE;
            }
            case AWAITING -> reply(in, now);
            case NEW, CONNECTING, OPEN, SENDING -> {
                keep(in); // before its request: the server spoke first, or the request is still being written
                yield RECEIVE;
            }
        };
    }

    private Step reply(ByteBuffer in, long now) {
        byte[] line = framer.nextLine(in);
        if (line == null) {
            return RECEIVE;
        }
        deadline = NO_DEADLINE;
        long took = now - sent;
        requestNanos += took;
        last = new String(line, StandardCharsets.UTF_8);
        plan.tally().request.recordValue(ClientRun.micros(took));
        Outcome.Failed wrong = plan.check().verify(requestLine, last);
        if (wrong != null) {
            return finish(wrong);
        }
        plan.tally().requests.increment();
        answered++;
        keep(in);
        return next(now);
    }

    /** End of stream from the server. */
    Step ended(long now) {
        endOfStream = true;
        return switch (state) {
            case DONE -> done;
            case QUITTING -> finish(Outcome.OK);
            case NEW, CONNECTING, OPEN -> RECEIVE; // held: find out when the first request is sent
            case SENDING, AWAITING -> closedEarly();
        };
    }

    /** The {@link #deadline()} passed: a connect or a reply took too long (or the server did not close after QUIT). */
    Step timedOut(long now) {
        if (state == State.QUITTING) {
            return finish(Outcome.OK);
        }
        return failed(new SocketTimeoutException(state == State.CONNECTING ? "Connect timed out" : "Read timed out"));
    }

    /**
     * An I/O operation failed; classified by where the session is (binding, connecting, writing, reading). While
     * quitting the work is done, and how the server hangs up is its business: the session ends ok.
     */
    Step failed(Throwable e) {
        Phase phase = switch (state) {
            case NEW -> Phase.BIND;
            case CONNECTING, OPEN -> Phase.CONNECT;
            case SENDING -> Phase.WRITE;
            case AWAITING, QUITTING, DONE -> Phase.READ;
        };
        return failed(phase, e);
    }

    /** Something failed at {@code phase} (e.g. {@link Phase#START}: a bug, counted against the client). */
    Step failed(Phase phase, Throwable e) {
        if (state == State.QUITTING) {
            return finish(Outcome.OK);
        }
        return finish(new Outcome.Failed(FailureClassifier.classify(phase, e, anyByte), FailureClassifier.raw(e)));
    }

    /** The driver closed the socket: an open connection is counted down. Once. */
    void closed() {
        if (counted) {
            counted = false;
            plan.tally().open.down();
        }
    }

    /** The result, once {@link State#DONE}; else {@code null}. */
    ConnectionResult result() {
        return done == null ? null : done.result();
    }

    /** Sends the next request, or QUIT after the last (or ends, when the exchange has no quit line). */
    private Step next(long now) {
        if (state == State.DONE) {
            return done;
        }
        if (request == plan.requests()) {
            byte[] quit = plan.quitBytes();
            if (quit == null) {
                return finish(Outcome.OK);
            }
            state = State.QUITTING;
            deadline = now + plan.readTimeoutNanos();
            return new Step.Send(ByteBuffer.wrap(quit));
        }
        request++;
        requestLine = plan.check().request(client, request);
        state = State.SENDING;
        sent = now;
        deadline = now + plan.readTimeoutNanos();
        return new Step.Send(ByteBuffer.wrap((requestLine + "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    private Step closedEarly() {
        int partial = framer.partialLength();
        return finish(new Outcome.Failed(FailureKind.SERVER_CLOSED, "end of stream before the reply to request "
                + request + (partial > 0 ? " (after " + partial + " bytes of it)" : "")));
    }

    /** Keeps what is left of {@code in} for the next request's reply. */
    private void keep(ByteBuffer in) {
        if (!in.hasRemaining()) {
            return;
        }
        if (early == null) {
            early = ByteBuffer.allocate(Math.max(64, in.remaining())).put(in).flip();
            return;
        }
        int needed = early.remaining() + in.remaining();
        if (needed > early.capacity()) {
            early = ByteBuffer.allocate(Math.max(early.capacity() * 2, needed)).put(early).put(in).flip();
        } else {
            early.compact().put(in).flip();
        }
    }

    private Step finish(Outcome outcome) {
        if (done == null) {
            state = State.DONE;
            deadline = NO_DEADLINE;
            done = new Step.Done(new ConnectionResult(plan.strategy(), client, outcome, connectNanos, requestNanos,
                    answered, last));
        }
        return done;
    }
}
