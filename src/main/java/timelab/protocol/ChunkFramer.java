package timelab.protocol;

import java.nio.ByteBuffer;

/**
 * {@link Framing#CHUNK}: one read is one request, no newline needed: the {@code recv(1024)} of the coursework's
 * Python servers. Bytes over {@link #MAX} in one read are cut into requests of {@link #MAX} bytes. From each request
 * one trailing LF, and one CR before it (or one trailing CR), are dropped, nothing else.
 *
 * <p>Holds nothing between reads: a connection never has a partial request, so only the idle timeout applies to it
 * (a line timeout needs a line). Not thread-safe: one framer belongs to one connection.
 */
public final class ChunkFramer implements Framer {

    /** The largest request: Python's {@code recv(1024)}. */
    public static final int MAX = 1024;

    ChunkFramer() {}

    /**
     * The request made of the next bytes of {@code in}, at most {@link #MAX} of them, or {@code null} when {@code in}
     * is drained. The caller hands each read's bytes once and calls again until {@code null}.
     */
    @Override
    public Request next(ByteBuffer in) {
        int n = Math.min(in.remaining(), MAX);
        if (n == 0) {
            return null;
        }
        byte[] chunk = new byte[n];
        in.get(chunk);
        int length = n;
        if (chunk[length - 1] == '\n') {
            length--;
        }
        if (length > 0 && chunk[length - 1] == '\r') {
            length--;
        }
        return Request.of(chunk, length);
    }

    @Override
    public boolean hasPartialLine() {
        return false;
    }

    @Override
    public int minReadBuffer() {
        return MAX;
    }
}
