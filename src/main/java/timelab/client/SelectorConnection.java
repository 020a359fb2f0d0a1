package timelab.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.FailureClassifier.Phase;

/**
 * One client's connection on a {@link SelectorLoop}: a non-blocking channel and the {@link ClientSession} it runs.
 * The channel's readiness becomes the session's events; the session's steps become writes and interest changes. The
 * interest set stays {@code OP_READ} from the connect to the close (a request is written at once; {@code OP_WRITE}
 * only while one is stuck), so there is no {@code epoll_ctl} per request.
 *
 * <p>Loop thread only, after {@link SelectorLoop#submit}.
 */
final class SelectorConnection {

    private final SelectorLoop loop;
    private final ConnectionPlan plan;
    private final ClientSession session;
    private final HoldGate gate;
    private final Consumer<ConnectionResult> then;
    private SocketChannel channel;
    private SelectionKey key;
    private boolean arrived;
    private boolean finished;
    private long gateIndex;
    /** The rest of a request the socket did not take at once ({@code OP_WRITE} is on while there is one). */
    private ByteBuffer unsent;

    SelectorConnection(SelectorLoop loop, ConnectionPlan plan, ClientSession session, HoldGate gate,
            Consumer<ConnectionResult> then) {
        this.loop = loop;
        this.plan = plan;
        this.session = session;
        this.gate = gate;
        this.then = then;
    }

    /** Opens the channel and starts the connect. */
    void start() {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            InetSocketAddress local = plan.local(session.client());
            if (local != null) {
                channel.bind(local);
            }
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            session.connecting(System.nanoTime());
            if (channel.connect(plan.target(session.client()))) {
                key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
                established();
            } else {
                key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException e) {
            advance(session.failed(e));
        } catch (RuntimeException | Error e) {
            failNow(Phase.START, e);
        }
    }

    /** {@code OP_CONNECT} fired: the connect succeeded or failed. */
    void connectable() {
        try {
            if (channel.finishConnect()) {
                key.interestOps(SelectionKey.OP_READ);
                established();
            }
        } catch (IOException e) {
            advance(session.failed(e));
        }
    }

    private void established() throws IOException {
        if (!session.connected(System.nanoTime(), channel.getLocalAddress(), channel.getRemoteAddress())) {
            finish(session.result()); // connected to itself
            return;
        }
        if (gate != null) {
            arrived = true;
            gateIndex = gate.arriveNoWait(true);
            if (!gate.passes(gateIndex)) {
                loop.hold(this);
                return;
            }
            loop.wakeAll(); // this arrival may have opened the gate for connections held on other loops
        }
        proceed();
    }

    /** Whether the gate lets this held connection go now. */
    boolean gatePasses() {
        return gate.passes(gateIndex);
    }

    /** Past the gate: the first request (and any replies here already, read while held). */
    void proceed() {
        advance(session.begin(System.nanoTime()));
    }

    /** {@code OP_WRITE} fired: more of a stuck request fits now. */
    void writable() {
        try {
            channel.write(unsent);
            if (unsent.hasRemaining()) {
                return;
            }
            unsent = null;
            key.interestOps(SelectionKey.OP_READ);
            advance(session.written(System.nanoTime()));
        } catch (IOException e) {
            advance(session.failed(e));
        }
    }

    /** {@code OP_READ} fired: a reply (or part of one), the server's close, or an error. */
    void readable() {
        ByteBuffer buf = loop.readBuffer();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            advance(session.failed(Phase.READ, e));
            return;
        }
        if (n < 0) {
            boolean held = session.state() == ClientSession.State.OPEN;
            advance(session.ended(System.nanoTime()));
            if (held && !finished) {
                key.interestOps(0); // held: as a blocked client, find out when the first request is sent
            }
        } else if (n > 0) {
            advance(session.received(buf.flip(), System.nanoTime()));
        }
    }

    /** Whether the session's deadline (connect, reply, the close after QUIT) has passed. */
    boolean overdue(long now) {
        long deadline = session.deadline();
        return deadline != ClientSession.NO_DEADLINE && now - deadline >= 0;
    }

    void timedOut(long now) {
        advance(session.timedOut(now));
    }

    /** Ends the connection with a failure at {@code phase} (the loop or a bug, not the socket). */
    void failNow(Phase phase, Throwable e) {
        advance(session.failed(phase, e));
    }

    /** Carries out the session's steps until it waits for bytes (or a stuck write) or is done. */
    private void advance(ClientSession.Step step) {
        while (!finished) {
            switch (step) {
                case ClientSession.Step.Send send -> step = send(send.bytes());
                case ClientSession.Step.Receive receive -> {
                    return;
                }
                case ClientSession.Step.Done done -> finish(done.result());
            }
        }
    }

    /** Writes {@code bytes}: the session's next step, or to wait while {@code OP_WRITE} carries on with the rest. */
    private ClientSession.Step send(ByteBuffer bytes) {
        try {
            channel.write(bytes);
        } catch (IOException e) {
            return session.failed(e);
        }
        if (bytes.hasRemaining()) {
            unsent = bytes;
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            return ClientSession.RECEIVE;
        }
        return session.written(System.nanoTime());
    }

    private void finish(ConnectionResult result) {
        finished = true;
        if (gate != null && !arrived) {
            arrived = true;
            gate.arriveNoWait(false);
            loop.wakeAll(); // a failed arrival may complete the wave the others wait for
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
        }
        session.closed();
        then.accept(result);
    }
}
