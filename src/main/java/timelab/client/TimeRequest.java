package timelab.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.FailureClassifier.Phase;
import timelab.protocol.ErrorReply;

/**
 * One client's connection — the same work for every strategy: connect (optionally from a chosen source address),
 * check it is not connected to itself, optionally wait at the hold gate, then for each request send a line, read a
 * line and judge it, then send {@code QUIT} and wait for the server to close (so that the server's side, not the
 * client's, keeps the TIME_WAIT), and close. Blocking {@link Socket} I/O, so that a virtual thread unmounts and a
 * platform thread blocks: the difference is the strategy's, not the code's.
 *
 * <p>Everything that goes wrong becomes an {@link Outcome.Failed}: exceptions are caught at this boundary, classified
 * ({@link FailureClassifier}) and never printed. Immutable; one instance serves every client of a run.
 */
final class TimeRequest {

    /** Longest reply line read; a longer one is judged as it is (and is wrong). */
    static final int MAX_REPLY = 1024;

    /** The local address a client's socket is bound to before its connect, or {@code null} to leave it unbound. */
    interface LocalAddress {
        InetSocketAddress of(int client);
    }

    static {
        preloadFailurePath();
    }

    /**
     * Loads every class a failing connection needs, before the first socket is opened: at the open-file limit the
     * JVM can no longer open a class file (when running from a directory), and the failure would itself fail.
     */
    static void preloadFailurePath() {
        for (Phase phase : Phase.values()) {
            for (Throwable e : new Throwable[] {new java.net.SocketTimeoutException("Read timed out"),
                new java.net.ConnectException("Connection refused"), new java.net.BindException("x"),
                new java.net.SocketException("Connection reset"), new IOException("Too many open files"),
                new OutOfMemoryError("unable to create native thread")}) {
                Outcome.Failed f = new Outcome.Failed(FailureClassifier.classify(phase, e, false),
                        FailureClassifier.raw(e));
                new ConnectionResult("", 1, f, -1, 0, 0, ReplyCheck.shown(f.rawMessage()));
            }
        }
        new LineReader(InputStream.nullInputStream(), null, 1);
        ReadDeadlines.Watch.class.getName(); // loads the class (a timed-out read needs it at the fd limit)
        FailureKind.values()[0].explain();
    }

    private final String strategy;
    private final ReplyCheck check;
    private final int requests;
    private final byte[] quit;
    private final List<InetSocketAddress> targets;
    private final int sources;
    private final int connectTimeoutMillis;
    private final long readTimeoutNanos;
    private final ReadDeadlines deadlines = ReadDeadlines.shared();
    private final LocalAddress local;
    private final Tally tally;

    TimeRequest(String strategy, LoadPlan plan, InetAddress host, List<InetAddress> sourceAddresses, Tally tally) {
        this(strategy, plan, host, sourceAddresses.size(), tally, sourceAddress(sourceAddresses));
    }

    /** With a given local address (tests: the server's own address, to provoke a self-connect). */
    TimeRequest(String strategy, LoadPlan plan, InetAddress host, int sources, Tally tally, LocalAddress local) {
        this.strategy = strategy;
        this.check = ReplyCheck.of(plan.exchange());
        preloadVerdicts(check);
        this.requests = plan.requests();
        this.quit = plan.exchange().quit().isEmpty() ? null
                : (plan.exchange().quit() + "\r\n").getBytes(StandardCharsets.UTF_8);
        this.targets = plan.ports().stream().map(p -> new InetSocketAddress(host, p)).toList();
        this.sources = Math.max(1, sources);
        this.connectTimeoutMillis = (int) plan.connectTimeout().toMillis();
        this.readTimeoutNanos = plan.readTimeout().toNanos();
        this.local = local;
        this.tally = tally;
    }

    /**
     * Judges an echoed, a busy, an empty and a right-looking reply once, so that the verdicts' classes
     * ({@code ErrorReply}, {@code Outcome.Failed}, …) are loaded before the first socket, not at the open-file limit
     * (a virtual client at the limit lost clients to {@code NoClassDefFoundError: timelab/protocol/ErrorReply}).
     */
    private static void preloadVerdicts(ReplyCheck check) {
        String request = check.request(1, 1);
        for (String reply : new String[] {request, ErrorReply.BUSY.text(), "", "JAM 00:00:00"}) {
            check.verify(request, reply);
        }
    }

    /** The clients' source addresses, in turn (any free port); none: the kernel picks both. */
    private static LocalAddress sourceAddress(List<InetAddress> sources) {
        if (sources.isEmpty()) {
            return client -> null;
        }
        List<InetSocketAddress> list = sources.stream().map(a -> new InetSocketAddress(a, 0)).toList();
        return client -> list.get((client - 1) % list.size());
    }

    /** The server address client {@code client} (from 1) connects to: ports spread across the source addresses. */
    InetSocketAddress target(int client) {
        return targets.get(((client - 1) / sources) % targets.size());
    }

    String strategy() {
        return strategy;
    }

    ReplyCheck check() {
        return check;
    }

    int requests() {
        return requests;
    }

    /** {@code QUIT} and CR LF, or {@code null} when the exchange has no quit line. */
    byte[] quitBytes() {
        return quit;
    }

    /** The local address client {@code client} binds to, or {@code null}. */
    InetSocketAddress local(int client) {
        return local.of(client);
    }

    long connectTimeoutNanos() {
        return connectTimeoutMillis * 1_000_000L;
    }

    long readTimeoutNanos() {
        return readTimeoutNanos;
    }

    Tally tally() {
        return tally;
    }

    /**
     * Runs client {@code client}'s connection.
     *
     * @param intendedStartNanos open model: when the client should have started ({@link System#nanoTime()}), its
     *     connect latency is measured from then, so that a stall before the connect is not hidden; -1 otherwise
     * @param gate the hold gate, or {@code null}; arrived at exactly once, whatever happens
     */
    ConnectionResult run(int client, long intendedStartNanos, HoldGate gate) {
        Phase phase = Phase.BIND;
        boolean arrived = false;
        boolean open = false;
        long connectNanos = -1;
        long requestNanos = 0;
        int answered = 0;
        String last = null;
        Socket socket = null;
        ReadDeadlines.Watch watch = null;
        LineReader reader = null;
        try {
            socket = new Socket();
            InetSocketAddress from = local.of(client);
            if (from != null) {
                socket.bind(from);
            }
            phase = Phase.CONNECT;
            long begin = System.nanoTime();
            socket.connect(target(client), connectTimeoutMillis);
            connectNanos = System.nanoTime() - (intendedStartNanos >= 0 ? intendedStartNanos : begin);
            open = true;
            Outcome.Failed self = connected(connectNanos, socket.getLocalSocketAddress(),
                    socket.getRemoteSocketAddress());
            if (self != null) {
                return done(client, self, connectNanos, 0, 0, null);
            }
            socket.setTcpNoDelay(true);
            watch = deadlines.watch(socket); // the read timeout, without SO_TIMEOUT's cost per read (ReadDeadlines)
            if (gate != null) {
                arrived = true;
                gate.arrive(true);
            }
            OutputStream out = socket.getOutputStream();
            reader = new LineReader(socket.getInputStream(), watch, readTimeoutNanos);
            for (int r = 1; r <= requests; r++) {
                String request = check.request(client, r);
                long sent = System.nanoTime();
                phase = Phase.WRITE;
                out.write((request + "\r\n").getBytes(StandardCharsets.UTF_8));
                phase = Phase.READ;
                String reply = reader.readLine();
                if (reply == null) {
                    return done(client, closedBeforeReply(r, reader.partial), connectNanos, requestNanos, answered,
                            last);
                }
                long took = System.nanoTime() - sent;
                requestNanos += took;
                last = reply;
                Outcome.Failed wrong = replied(request, reply, took);
                if (wrong != null) {
                    return done(client, wrong, connectNanos, requestNanos, answered, last);
                }
                answered++;
            }
            quit(socket, out, reader);
            return done(client, Outcome.OK, connectNanos, requestNanos, answered, last);
        } catch (IOException e) {
            boolean anyByte = reader != null && reader.anyByte;
            Outcome.Failed f = new Outcome.Failed(FailureClassifier.classify(phase, e, anyByte),
                    FailureClassifier.raw(e));
            return done(client, f, connectNanos, requestNanos, answered, last);
        } finally {
            if (gate != null && !arrived) {
                gate.arrive(false);
            }
            if (watch != null) {
                watch.close();
            }
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // nothing left to do with it
                }
            }
            if (open) {
                tally.open.down();
            }
        }
    }

    private ConnectionResult done(int client, Outcome outcome, long connectNanos, long requestNanos, int ok,
            String last) {
        return new ConnectionResult(strategy, client, outcome, connectNanos, requestNanos, ok, last);
    }

    /**
     * Counts a connection that has just connected (open, and its connect time), for the blocking path here and the
     * event loops ({@link EventLoops}) alike; the caller closes it and counts it down.
     *
     * @return a {@link FailureKind#SELF_CONNECT} failure when the socket is connected to itself (TCP simultaneous
     *     open: nothing listened and the kernel picked the destination port as the source port), else {@code null}
     */
    Outcome.Failed connected(long connectNanos, SocketAddress local, SocketAddress remote) {
        tally.open.up();
        tally.connect.recordValue(ClientRun.micros(connectNanos));
        return local.equals(remote)
                ? new Outcome.Failed(FailureKind.SELF_CONNECT, "local address " + local + " is the remote address")
                : null;
    }

    /**
     * Counts a reply that took {@code tookNanos} and judges it, for the blocking path here and the event loops
     * ({@link EventLoops}) alike.
     *
     * @return the failure when {@code reply} is not right for {@code request} (the connection ends there), else
     *     {@code null}, and the request counts as answered
     */
    Outcome.Failed replied(String request, String reply, long tookNanos) {
        tally.request.recordValue(ClientRun.micros(tookNanos));
        Outcome.Failed wrong = check.verify(request, reply);
        if (wrong == null) {
            tally.requests.increment();
        }
        return wrong;
    }

    /** The server closed before the reply to request {@code request} was complete ({@code partial} bytes of it). */
    static Outcome.Failed closedBeforeReply(int request, int partial) {
        return new Outcome.Failed(FailureKind.SERVER_CLOSED, "end of stream before the reply to request " + request
                + (partial > 0 ? " (after " + partial + " bytes of it)" : ""));
    }

    /** Says QUIT and waits (up to the read timeout) for the server to close first; failures here do not count. */
    private void quit(Socket socket, OutputStream out, LineReader reader) {
        if (quit == null) {
            return;
        }
        try {
            out.write(quit);
            reader.drain();
        } catch (IOException e) {
            // the work was done; how the server hangs up is its business
        }
    }

    /**
     * Reads CR LF (or LF) terminated lines from a socket with a small buffer; remembers whether any byte came. Each
     * line (and the drain) must arrive within the read timeout, enforced by a {@link ReadDeadlines.Watch}.
     */
    static final class LineReader {
        private final InputStream in;
        private final ReadDeadlines.Watch watch;
        private final long timeoutNanos;
        private final byte[] buf = new byte[256];
        private byte[] line = new byte[64];
        private int pos;
        private int limit;
        boolean anyByte;
        int partial;

        /** @param watch the socket's read deadline, or {@code null} for none */
        LineReader(InputStream in, ReadDeadlines.Watch watch, long timeoutNanos) {
            this.in = in;
            this.watch = watch;
            this.timeoutNanos = timeoutNanos;
        }

        /** The next line without CR LF (UTF-8, malformed bytes replaced); {@code null} at end of stream. */
        String readLine() throws IOException {
            arm();
            try {
                String s = scanLine();
                disarm();
                return s;
            } catch (IOException e) {
                throw watch == null ? e : watch.check(e);
            }
        }

        private String scanLine() throws IOException {
            int n = 0;
            while (true) {
                if (pos == limit) {
                    int read = in.read(buf);
                    if (read < 0) {
                        partial = n;
                        return null;
                    }
                    anyByte = true;
                    pos = 0;
                    limit = read;
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    int end = n > 0 && line[n - 1] == '\r' ? n - 1 : n;
                    return new String(line, 0, end, StandardCharsets.UTF_8);
                }
                if (n == MAX_REPLY) {
                    return new String(line, 0, n, StandardCharsets.UTF_8);
                }
                if (n == line.length) {
                    line = Arrays.copyOf(line, Math.min(MAX_REPLY, n * 2));
                }
                line[n++] = b;
            }
        }

        /** Reads and drops everything until end of stream (or the read timeout). */
        void drain() throws IOException {
            arm();
            try {
                while (in.read(buf) >= 0) {
                    anyByte = true;
                }
                disarm();
            } catch (IOException e) {
                throw watch == null ? e : watch.check(e);
            }
        }

        private void arm() throws IOException {
            if (watch != null) {
                watch.arm(timeoutNanos);
            }
        }

        private void disarm() throws IOException {
            if (watch != null) {
                watch.disarm();
            }
        }
    }
}
