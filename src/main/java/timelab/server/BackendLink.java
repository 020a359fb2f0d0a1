package timelab.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import timelab.service.Reply;
import timelab.work.Work;

/**
 * One client connection's blocking connection to the backend of {@code --work call} (thread models): opened on the
 * first request, reused, closed with the client's connection ({@link Worker#release}) or after a failure. Every
 * connect and read is bounded by {@code --backend-timeout}; on a virtual thread the waits unmount.
 */
final class BackendLink {

    /** What each round trip to the backend sends (both backend links). */
    static final byte[] TIME = "TIME\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Work.Call call;
    private final int timeoutMillis;
    private final byte[] line;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    BackendLink(Work.Call call, long timeoutNanos, int maxLine) {
        this.call = call;
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutNanos / 1_000_000));
        this.line = new byte[maxLine + 1];
    }

    /** Makes the call's round trips; the reply is the backend's last, or {@code ERROR backend …}. */
    Reply call() {
        Reply reply = null;
        try {
            for (int i = 0; i < call.calls(); i++) {
                reply = roundTrip();
                if (reply.error()) {
                    close();
                    return reply;
                }
            }
            return reply;
        } catch (UnknownHostException e) {
            close();
            return BackendFailure.UNRESOLVED.reply();
        } catch (ConnectException e) {
            close();
            return BackendFailure.REFUSED.reply();
        } catch (SocketTimeoutException e) {
            close();
            return BackendFailure.TIMEOUT.reply();
        } catch (IOException e) {
            close();
            return BackendFailure.IO.reply(e.getClass().getSimpleName());
        }
    }

    private Reply roundTrip() throws IOException {
        if (socket == null) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(call.host(), call.port()), timeoutMillis);
                s.setSoTimeout(timeoutMillis);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            socket = s;
            in = new BufferedInputStream(s.getInputStream(), 256); // the backend sends one line per request
            out = s.getOutputStream();
        }
        out.write(TIME);
        out.flush();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return BackendFailure.CLOSED.reply();
            }
            if (b == '\n') {
                return BackendFailure.check(line, n);
            }
            if (n == line.length) {
                return BackendFailure.GARBAGE.reply();
            }
            line[n++] = (byte) b;
            if (System.nanoTime() - deadline > 0) { // a backend dripping bytes is as slow as a silent one
                throw new SocketTimeoutException("backend reply took over " + timeoutMillis + " ms");
            }
        }
    }

    void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to release
            }
            socket = null;
        }
    }
}
