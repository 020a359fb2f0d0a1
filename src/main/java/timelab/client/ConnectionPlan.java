package timelab.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.FailureClassifier.Phase;
import timelab.protocol.ErrorReply;

/**
 * What every client's connection of a run has in common — where it connects (the plan's ports spread over the source
 * addresses), from where, what it says and how a reply is judged ({@link ReplyCheck}), how long it waits — and the
 * run's {@link Tally} it counts into. Each connection is a {@link ClientSession} made from it ({@link #session}), run
 * by a {@link BlockingDriver}, a {@link SelectorDriver} or a {@link NettyDriver}. Immutable; one instance serves every
 * client of a run.
 *
 * <p>Making one loads every class a connection (and a failing one) needs, before the first socket is opened: at the
 * open-file limit the JVM can no longer open a class file (when running from a directory), and the failure would
 * itself fail.
 */
final class ConnectionPlan {

    /** Longest reply line read; a longer one is judged as it is (and is wrong). */
    static final int MAX_REPLY = 1024;

    /** The local address a client's socket is bound to before its connect, or {@code null} to leave it unbound. */
    interface LocalAddress {
        InetSocketAddress of(int client);
    }

    static {
        preloadFailurePath();
    }

    /** Loads every class a failing connection needs: its verdicts, their messages and the read deadlines. */
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
        ReadDeadlines.Watch.class.getName(); // loads the class (a timed-out read needs it at the fd limit)
        FailureKind.values()[0].explain();
    }

    private final String strategy;
    private final ReplyCheck check;
    private final int requests;
    private final byte[] quit;
    private final List<InetSocketAddress> targets;
    private final int sources;
    private final long connectTimeoutNanos;
    private final long readTimeoutNanos;
    private final LocalAddress local;
    private final Tally tally;

    ConnectionPlan(String strategy, LoadPlan plan, InetAddress host, List<InetAddress> sourceAddresses, Tally tally) {
        this(strategy, plan, host, sourceAddresses.size(), tally, sourceAddress(sourceAddresses));
    }

    /** With a given local address (tests: the server's own address, to provoke a self-connect). */
    ConnectionPlan(String strategy, LoadPlan plan, InetAddress host, int sources, Tally tally, LocalAddress local) {
        this.strategy = strategy;
        this.check = ReplyCheck.of(plan.exchange());
        this.requests = plan.requests();
        this.quit = plan.exchange().quit().isEmpty() ? null
                : (plan.exchange().quit() + "\r\n").getBytes(StandardCharsets.UTF_8);
        this.targets = plan.ports().stream().map(p -> new InetSocketAddress(host, p)).toList();
        this.sources = Math.max(1, sources);
        this.connectTimeoutNanos = plan.connectTimeout().toNanos();
        this.readTimeoutNanos = plan.readTimeout().toNanos();
        this.local = local;
        this.tally = tally;
        preloadVerdicts(check);
        rehearse(new ConnectionPlan(this, new Tally(), Math.min(requests, 2)));
    }

    /** This plan with {@code requests} per connection, counting into {@code tally} instead. */
    private ConnectionPlan(ConnectionPlan p, Tally tally, int requests) {
        this.strategy = p.strategy;
        this.check = p.check;
        this.requests = requests;
        this.quit = p.quit;
        this.targets = p.targets;
        this.sources = p.sources;
        this.connectTimeoutNanos = p.connectTimeoutNanos;
        this.readTimeoutNanos = p.readTimeoutNanos;
        this.local = p.local;
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

    /**
     * Runs sessions of {@code scratch} (counting into a tally of its own) through a right exchange — on the blocking
     * driver's own loop, over streams in memory — and through the failures a driver reports, so that every class on
     * the connection's path is loaded before the first socket is opened.
     */
    private static void rehearse(ConnectionPlan scratch) {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        InetSocketAddress b = new InetSocketAddress(InetAddress.getLoopbackAddress(), 2);
        StringBuilder replies = new StringBuilder();
        for (int r = 1; r <= scratch.requests; r++) {
            replies.append(scratch.check.rightReply(scratch.check.request(1, r))).append("\r\n");
        }
        ClientSession right = scratch.session(1, -1);
        right.connecting(0);
        right.connected(1, a, b);
        try {
            byte[] wire = replies.toString().getBytes(StandardCharsets.UTF_8);
            BlockingDriver.converse(right, new ByteArrayInputStream(wire), OutputStream.nullOutputStream(), null);
        } catch (IOException e) {
            throw new IllegalStateException("a rehearsal in memory cannot fail", e);
        }
        right.closed();
        ClientSession held = scratch.session(2, -1);
        held.connecting(0);
        held.connected(1, a, b);
        held.received(ByteBuffer.wrap(new byte[] {'x'}), 2);
        held.ended(2);
        held.begin(3);
        held.written(3);
        held.closed();
        ClientSession late = scratch.session(3, -1);
        late.connecting(0);
        late.timedOut(1);
        ClientSession self = scratch.session(4, -1);
        self.connecting(0);
        self.connected(1, a, a);
        self.closed();
    }

    /** A session for client {@code client}'s connection; {@code intendedStartNanos} as in {@link ClientSession}. */
    ClientSession session(int client, long intendedStartNanos) {
        return new ClientSession(this, client, intendedStartNanos);
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
        return connectTimeoutNanos;
    }

    long readTimeoutNanos() {
        return readTimeoutNanos;
    }

    Tally tally() {
        return tally;
    }
}
