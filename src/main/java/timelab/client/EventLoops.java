package timelab.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.FailureClassifier.Phase;

/**
 * The {@code nio} strategy ({@link ClientStrategy.EventLoops}): a few platform threads, {@code timelab-client-nio-N},
 * each a {@link Selector} carrying any number of clients' connections without blocking, the way redis-benchmark, wrk
 * and tcpkali carry theirs.
 *
 * <p>A connection goes through the same steps as {@link TimeRequest}'s — connect (from the client's source address,
 * if any), the self-connect check, the hold gate, a request and its judged reply ({@link ReplyCheck}) for each
 * request, {@code QUIT} and the wait for the server to close — and ends in the same {@link Outcome}s, classified by
 * {@link FailureClassifier} from the same exceptions; a timeout is the same {@code SocketTimeoutException} message.
 * Only what carries it differs: a connection costs a socket and a small object instead of a thread, and a round trip
 * one {@code write}, one {@code read} and a share of one {@code epoll_wait}. The interest set stays {@code OP_READ}
 * from the connect to the close (a request is written at once; {@code OP_WRITE} only while one is stuck), so there
 * is no {@code epoll_ctl} per request.
 *
 * <p>Timeouts: each loop looks for overdue connects and replies every {@link ReadDeadlines#TICK_MILLIS} ms, so a
 * timeout fires up to one tick late, as the threaded strategies' read timeouts do ({@link ReadDeadlines}).
 *
 * <p>Clients are dealt to the loops in turn. A loop's thread starts with its first connection (so a run that never
 * starts leaves no thread) and ends at {@link #close()}, once its connections are done. {@link #connect} may be
 * called from any thread; everything else about a connection happens on its loop's thread.
 */
final class EventLoops implements Carrier {

    private static final long NONE = Long.MAX_VALUE;

    /**
     * Connections a loop starts before it looks at its ready ones again: started all at once, 10,000 clients would
     * each wait for the other 9,999 connects before the first reply is read (connect latency of hundreds of ms that
     * is the client's, not the server's).
     */
    static final int STARTS_PER_TURN = 64;

    private final List<Loop> loops = new ArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();

    EventLoops(int count) {
        for (int i = 1; i <= count; i++) {
            loops.add(new Loop(i));
        }
    }

    /**
     * Starts client {@code client}'s connection on the next loop; {@code then} is called exactly once, on that loop's
     * thread, with the result.
     *
     * @param intendedStartNanos as in {@link TimeRequest#run}
     * @param gate the hold gate, or {@code null}; arrived at exactly once, whatever happens
     * @throws OutOfMemoryError "unable to create native thread" when the loop's thread could not be started
     */
    void connect(TimeRequest work, int client, long intendedStartNanos, HoldGate gate,
            Consumer<ConnectionResult> then) {
        Loop loop = loops.get(Math.floorMod(turn.getAndIncrement(), loops.size()));
        loop.submit(new Conn(loop, work, client, intendedStartNanos, gate, then));
    }

    @Override
    public long cap() {
        return Long.MAX_VALUE;
    }

    /** Ends the loops' threads; every connection has finished by then. */
    @Override
    public void close() {
        for (Loop loop : loops) {
            loop.close();
        }
    }

    /** Wakes every loop to look at its held connections again: the gate opened. */
    private void wakeAll() {
        for (Loop loop : loops) {
            loop.wake();
        }
    }

    /** One selector and the thread that runs it. */
    private final class Loop {
        private final int number;
        private final Queue<Conn> incoming = new ConcurrentLinkedQueue<>();
        private final List<Conn> held = new ArrayList<>();
        private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        private volatile Selector selector;
        private Thread thread;
        private volatile boolean closing;
        private volatile boolean failed;
        private long nextTick;

        Loop(int number) {
            this.number = number;
        }

        void submit(Conn c) {
            incoming.add(c);
            if (failed && incoming.remove(c)) { // the loop is gone (failAll drains what it finds; this came after)
                c.failNow(Phase.START, new IOException("client event loop " + number + " failed earlier"));
                return;
            }
            synchronized (this) {
                if (thread == null) {
                    try {
                        selector = Selector.open();
                    } catch (IOException e) {
                        incoming.remove(c);
                        c.failNow(Phase.START, e);
                        return;
                    }
                    thread = Thread.ofPlatform().name("timelab-client-nio-" + number).daemon().unstarted(this::run);
                    try {
                        thread.start();
                    } catch (OutOfMemoryError e) {
                        incoming.remove(c);
                        thread = null;
                        closeSelector();
                        throw e;
                    }
                    return;
                }
            }
            selector.wakeup();
        }

        void wake() {
            Selector s = selector;
            if (s != null) {
                s.wakeup();
            }
        }

        void close() {
            Thread t;
            synchronized (this) {
                closing = true;
                t = thread;
            }
            if (t == null) {
                return;
            }
            selector.wakeup();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void run() {
            try {
                nextTick = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ReadDeadlines.TICK_MILLIS);
                while (true) {
                    Conn c;
                    for (int i = 0; i < STARTS_PER_TURN && (c = incoming.poll()) != null; i++) {
                        c.start();
                    }
                    if (!held.isEmpty()) {
                        releaseHeld();
                    }
                    if (closing && selector.keys().isEmpty() && held.isEmpty() && incoming.isEmpty()) {
                        return;
                    }
                    long wait = nextTick - System.nanoTime();
                    if (wait > 0 && incoming.isEmpty()) {
                        selector.select(this::ready, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
                    } else {
                        selector.selectNow(this::ready);
                    }
                    long now = System.nanoTime();
                    if (now - nextTick >= 0) {
                        expireOverdue(now);
                        nextTick = now + TimeUnit.MILLISECONDS.toNanos(ReadDeadlines.TICK_MILLIS);
                    }
                }
            } catch (IOException | RuntimeException e) { // the selector itself failed: no connection of it can go on
                failAll(e);
            } finally {
                closeSelector();
            }
        }

        /** Ends every connection of this loop with {@code e}: counted, never lost (a run waits for each of them). */
        private void failAll(Exception e) {
            failed = true;
            List<Conn> all = new ArrayList<>(held);
            held.clear();
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Conn c) {
                    all.add(c);
                }
            }
            for (Conn c; (c = incoming.poll()) != null; ) {
                all.add(c);
            }
            for (Conn c : all) {
                c.failNow(Phase.START, e);
            }
        }

        private void ready(SelectionKey key) {
            Conn c = (Conn) key.attachment();
            try {
                if (!key.isValid()) {
                    return;
                }
                if (key.isConnectable()) {
                    c.connected();
                } else {
                    if (key.isWritable()) {
                        c.flush();
                    }
                    if (key.isValid() && key.isReadable()) {
                        c.readable();
                    }
                }
            } catch (RuntimeException | Error e) { // a bug: count it against the client, never lose the loop
                c.failNow(Phase.START, e);
            }
        }

        /**
         * Lets the held connections go when the gate opens. The loops carry any number of clients at once, so the
         * gate has one wave and opens for all of them together: asking for one is asking for all.
         */
        private void releaseHeld() {
            Conn first = held.get(0);
            if (!first.gate.passes(first.gateIndex)) {
                return;
            }
            List<Conn> going = new ArrayList<>(held);
            held.clear();
            for (Conn c : going) {
                try {
                    c.proceed();
                } catch (RuntimeException | Error e) {
                    c.failNow(Phase.START, e);
                }
            }
        }

        private void expireOverdue(long now) {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Conn c && c.deadline != NONE && now - c.deadline >= 0) {
                    c.timedOut();
                }
            }
        }

        private void closeSelector() {
            Selector s = selector;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // nothing left to do with it
                }
            }
        }
    }

    /** One client's connection: a state machine run by its loop's thread. */
    private final class Conn {
        private final Loop loop;
        private final TimeRequest work;
        private final int client;
        private final long intendedStartNanos;
        private final HoldGate gate;
        private final Consumer<ConnectionResult> then;
        private SocketChannel channel;
        private SelectionKey key;
        private Phase phase = Phase.BIND;
        private long begin;
        private long deadline = NONE;
        private boolean open;
        private boolean arrived;
        private boolean finished;
        private boolean quitting;
        /** The server closed while the connection was held: the first request will find out. */
        private boolean endOfStream;
        private long gateIndex;
        private long connectNanos = -1;
        private long requestNanos;
        private int request;
        private String requestLine;
        private long sent;
        private int answered;
        private String last;
        private ByteBuffer unsent;
        /** Bytes read but not yet part of a judged reply: a reply's first part, or what came before its request. */
        private byte[] pending;
        private int pendingLength;
        private boolean anyByte;

        Conn(Loop loop, TimeRequest work, int client, long intendedStartNanos, HoldGate gate,
                Consumer<ConnectionResult> then) {
            this.loop = loop;
            this.work = work;
            this.client = client;
            this.intendedStartNanos = intendedStartNanos;
            this.gate = gate;
            this.then = then;
        }

        void start() {
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                InetSocketAddress local = work.local(client);
                if (local != null) {
                    channel.bind(local);
                }
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                phase = Phase.CONNECT;
                begin = System.nanoTime();
                if (channel.connect(work.target(client))) {
                    key = channel.register(loop.selector, SelectionKey.OP_READ, this);
                    established();
                } else {
                    key = channel.register(loop.selector, SelectionKey.OP_CONNECT, this);
                    deadline = begin + work.connectTimeoutNanos();
                }
            } catch (IOException e) {
                failNow(phase, e);
            } catch (RuntimeException | Error e) {
                failNow(Phase.START, e);
            }
        }

        /** OP_CONNECT fired: the connect succeeded or failed. */
        void connected() {
            try {
                if (channel.finishConnect()) {
                    key.interestOps(SelectionKey.OP_READ);
                    established();
                }
            } catch (IOException e) {
                failNow(phase, e);
            }
        }

        private void established() throws IOException {
            deadline = NONE;
            connectNanos = System.nanoTime() - (intendedStartNanos >= 0 ? intendedStartNanos : begin);
            open = true;
            Outcome.Failed self = work.connected(connectNanos, channel.getLocalAddress(), channel.getRemoteAddress());
            if (self != null) {
                finish(self);
                return;
            }
            if (gate != null) {
                arrived = true;
                gateIndex = gate.arriveNoWait(true);
                if (!gate.passes(gateIndex)) {
                    loop.held.add(this);
                    return;
                }
                wakeAll(); // this arrival may have opened the gate for connections held on other loops
            }
            proceed();
        }

        /**
         * Sends the next request (or QUIT after the last), and judges replies that are here already — a server's
         * early or extra lines, read while held or after the previous reply — until one must be waited for.
         */
        void proceed() {
            next();
            while (!finished && !quitting && pendingLength > 0) {
                String reply = scan(pending, 0, 0);
                if (reply == null || !judged(reply)) {
                    break;
                }
                next();
            }
            if (!finished && !quitting && endOfStream) {
                closedEarly();
            }
        }

        private void next() {
            if (finished) {
                return;
            }
            if (request == work.requests()) {
                quit();
                return;
            }
            try {
                request++;
                requestLine = work.check().request(client, request);
                phase = Phase.WRITE;
                sent = System.nanoTime();
                deadline = sent + work.readTimeoutNanos();
                write(ByteBuffer.wrap((requestLine + "\r\n").getBytes(StandardCharsets.UTF_8)));
                phase = Phase.READ;
            } catch (IOException e) {
                failNow(phase, e);
            }
        }

        private void write(ByteBuffer b) throws IOException {
            channel.write(b);
            if (b.hasRemaining()) {
                unsent = b;
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        /** OP_WRITE fired: more of a stuck request fits now. */
        void flush() {
            try {
                channel.write(unsent);
                if (!unsent.hasRemaining()) {
                    unsent = null;
                    key.interestOps(SelectionKey.OP_READ);
                }
            } catch (IOException e) {
                if (quitting) {
                    finish(Outcome.OK);
                } else {
                    failNow(Phase.WRITE, e);
                }
            }
        }

        /** Says QUIT and waits (up to the read timeout) for the server to close first; failures here do not count. */
        private void quit() {
            byte[] quit = work.quitBytes();
            if (quit == null) {
                finish(Outcome.OK);
                return;
            }
            quitting = true;
            deadline = System.nanoTime() + work.readTimeoutNanos();
            try {
                write(ByteBuffer.wrap(quit));
            } catch (IOException e) {
                finish(Outcome.OK); // the work was done; how the server hangs up is its business
            }
        }

        /** OP_READ fired: a reply (or part of one), the server's close, or an error. */
        void readable() {
            ByteBuffer buf = loop.in;
            buf.clear();
            int n;
            try {
                n = channel.read(buf);
            } catch (IOException e) {
                if (quitting) {
                    finish(Outcome.OK);
                } else {
                    failNow(Phase.READ, e);
                }
                return;
            }
            if (n < 0) {
                ended();
                return;
            }
            if (n == 0 || quitting) {
                return; // after QUIT, everything until the close is drained unread
            }
            anyByte = true;
            if (request == 0) {
                keep(buf.array(), 0, n); // held, and the server spoke first (e.g. busy): the first request's reply
                return;
            }
            String reply = scan(buf.array(), 0, n);
            if (reply != null && judged(reply)) {
                proceed();
            }
        }

        /**
         * The reply line in the pending bytes followed by {@code data[from, to)} (pass {@code pending} to look at the
         * pending bytes alone), or {@code null} while it is incomplete; what follows the line stays pending. As
         * {@link TimeRequest.LineReader}: CR LF or LF ends a line, and a line of {@link TimeRequest#MAX_REPLY} bytes
         * without an end is judged as it is.
         */
        private String scan(byte[] data, int from, int to) {
            if (data != pending && pendingLength > 0) {
                keep(data, from, to);
            }
            if (data == pending || pendingLength > 0) {
                data = pending;
                from = 0;
                to = pendingLength;
            }
            int end = -1;
            int rest = -1;
            int stop = Math.min(to, from + TimeRequest.MAX_REPLY + 1);
            for (int i = from; i < stop; i++) {
                if (data[i] == '\n') {
                    end = i > from && data[i - 1] == '\r' ? i - 1 : i;
                    rest = i + 1;
                    break;
                }
            }
            if (rest < 0 && to - from > TimeRequest.MAX_REPLY) {
                end = from + TimeRequest.MAX_REPLY;
                rest = end;
            }
            if (rest < 0) {
                if (data != pending) {
                    keep(data, from, to);
                }
                return null;
            }
            String reply = new String(data, from, end - from, StandardCharsets.UTF_8);
            if (data == pending) {
                System.arraycopy(pending, rest, pending, 0, to - rest);
                pendingLength = to - rest;
            } else {
                keep(data, rest, to);
            }
            return reply;
        }

        /** Appends {@code data[from, to)} to the pending bytes. */
        private void keep(byte[] data, int from, int to) {
            int n = to - from;
            if (n <= 0) {
                return;
            }
            if (pending == null) {
                pending = new byte[Math.max(64, n)];
            } else if (pendingLength + n > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + n));
            }
            System.arraycopy(data, from, pending, pendingLength, n);
            pendingLength += n;
        }

        /** Records and judges a reply; false when it was wrong (and the connection has finished). */
        private boolean judged(String reply) {
            deadline = NONE;
            long took = System.nanoTime() - sent;
            requestNanos += took;
            last = reply;
            Outcome.Failed wrong = work.replied(requestLine, reply, took);
            if (wrong != null) {
                finish(wrong);
                return false;
            }
            answered++;
            return true;
        }

        /** End of stream from the server. */
        private void ended() {
            if (quitting) {
                finish(Outcome.OK);
            } else if (request == 0) {
                endOfStream = true; // held: as a blocked client, find out when the first request is sent
                key.interestOps(0);
            } else {
                closedEarly();
            }
        }

        private void closedEarly() {
            finish(TimeRequest.closedBeforeReply(request, pendingLength));
        }

        /** The deadline passed: a connect or a reply took too long (or the server did not close after QUIT). */
        void timedOut() {
            deadline = NONE;
            if (quitting) {
                finish(Outcome.OK);
                return;
            }
            failNow(phase, new SocketTimeoutException(phase == Phase.CONNECT ? "Connect timed out" : "Read timed out"));
        }

        void failNow(Phase at, Throwable e) {
            finish(new Outcome.Failed(FailureClassifier.classify(at, e, anyByte), FailureClassifier.raw(e)));
        }

        private void finish(Outcome outcome) {
            if (finished) {
                return;
            }
            finished = true;
            deadline = NONE;
            if (gate != null && !arrived) {
                arrived = true;
                gate.arriveNoWait(false);
                wakeAll(); // a failed arrival may complete the wave the others wait for
            }
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing left to do with it
                }
            }
            if (open) {
                work.tally().open.down();
            }
            then.accept(new ConnectionResult(work.strategy(), client, outcome, connectNanos, requestNanos, answered,
                    last));
        }
    }
}
