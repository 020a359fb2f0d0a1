package timelab.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import timelab.client.ClientObserver.ConnectionResult;

/**
 * Runs one client's {@link ClientSession} on the calling thread over a blocking {@link Socket}: connect (optionally
 * from a chosen source address), the hold gate, then the session's steps — write a request, read until its reply is
 * judged — and {@code QUIT}, waiting for the server to close (so that the server's side, not the client's, keeps the
 * TIME_WAIT). A virtual thread unmounts where a platform thread blocks: the difference is the strategy's, not the
 * code's. Replies are read without {@code SO_TIMEOUT}, under a {@link ReadDeadlines.Watch}.
 *
 * <p>Everything that goes wrong becomes an {@link Outcome.Failed}: exceptions are caught at this boundary, handed to
 * the session to classify, and never printed. Stateless; one instance serves every client of a run.
 */
final class BlockingDriver {

    /** Bytes read at once: replies are short. */
    private static final int READ_BUFFER = 256;

    private final ConnectionPlan plan;
    private final ReadDeadlines deadlines = ReadDeadlines.shared();

    BlockingDriver(ConnectionPlan plan) {
        this.plan = plan;
    }

    ConnectionPlan plan() {
        return plan;
    }

    /**
     * Runs client {@code client}'s connection.
     *
     * @param intendedStartNanos as in {@link ClientSession}
     * @param gate the hold gate, or {@code null}; arrived at exactly once, whatever happens
     */
    ConnectionResult run(int client, long intendedStartNanos, HoldGate gate) {
        ClientSession session = plan.session(client, intendedStartNanos);
        boolean arrived = false;
        Socket socket = null;
        ReadDeadlines.Watch watch = null;
        try {
            socket = new Socket();
            InetSocketAddress from = plan.local(client);
            if (from != null) {
                socket.bind(from);
            }
            session.connecting(System.nanoTime());
            socket.connect(plan.target(client), (int) (plan.connectTimeoutNanos() / 1_000_000));
            if (!session.connected(System.nanoTime(), socket.getLocalSocketAddress(),
                    socket.getRemoteSocketAddress())) {
                return session.result();
            }
            socket.setTcpNoDelay(true);
            watch = deadlines.watch(socket); // the read timeout, without SO_TIMEOUT's cost per read (ReadDeadlines)
            if (gate != null) {
                arrived = true;
                gate.arrive(true);
            }
            return converse(session, socket.getInputStream(), socket.getOutputStream(), watch);
        } catch (IOException e) {
            return ((ClientSession.Step.Done) session.failed(e)).result();
        } finally {
            if (gate != null && !arrived) {
                gate.arrive(false);
            }
            if (watch != null) {
                watch.close();
            }
            close(socket);
            session.closed();
        }
    }

    /**
     * Runs {@code session}'s steps from the first request to the end over {@code in} and {@code out}; each wait for
     * a reply (and for the close after {@code QUIT}) is bounded by the read timeout under {@code watch}.
     *
     * @param watch the socket's read deadline, or {@code null} for none (streams in memory)
     * @throws IOException only from the session's failing I/O, already classified: {@link ClientSession#failed}
     *     turns it into the result
     */
    static ConnectionResult converse(ClientSession session, InputStream in, OutputStream out,
            ReadDeadlines.Watch watch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(READ_BUFFER);
        ClientSession.Step step = session.begin(System.nanoTime());
        while (true) {
            switch (step) {
                case ClientSession.Step.Send send -> {
                    ByteBuffer bytes = send.bytes();
                    out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                    step = session.written(System.nanoTime());
                }
                case ClientSession.Step.Receive receive -> step = receive(session, in, buf, watch);
                case ClientSession.Step.Done done -> {
                    return done.result();
                }
            }
        }
    }

    /** Reads until the session wants something else than more bytes, within the read timeout. */
    private static ClientSession.Step receive(ClientSession session, InputStream in, ByteBuffer buf,
            ReadDeadlines.Watch watch) throws IOException {
        if (watch != null) {
            watch.arm(session.readTimeoutNanos());
        }
        try {
            ClientSession.Step step;
            do {
                int n = in.read(buf.array());
                step = n < 0 ? session.ended(System.nanoTime())
                        : session.received(buf.clear().limit(n), System.nanoTime());
            } while (step instanceof ClientSession.Step.Receive);
            if (watch != null) {
                watch.disarm();
            }
            return step;
        } catch (IOException e) {
            throw watch == null ? e : watch.check(e);
        }
    }

    private static void close(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
        }
    }
}
