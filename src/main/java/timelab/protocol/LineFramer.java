package timelab.protocol;

import java.nio.ByteBuffer;

/**
 * Frames a byte stream into lines: a line ends at LF, and one CR right before the LF is dropped (PROTOCOL.md,
 * "Transport"). Framing is on bytes, so any byte sequence is accepted and nothing is decoded here.
 *
 * <p>The framer never holds more than {@code maxLine} bytes (it has no buffer until the first byte of a line
 * arrives; the buffer starts at 16 bytes and grows only for longer lines, so an idle connection costs little): when a
 * line's content would exceed the limit it returns {@link Request.TooLong} at once, without waiting for the LF, and
 * is then spent (the connection is closed).
 * Feeding the same bytes split in any way yields the same requests.
 *
 * <p>Not thread-safe: one framer belongs to one connection, used by one thread at a time.
 */
public final class LineFramer {

    /** First size of {@link #line}: a connection that sends short lines never needs more. */
    static final int INITIAL = 16;
    /** {@link #line} until the first byte is stored: a held connection that sends nothing costs no buffer. */
    private static final byte[] NONE = new byte[0];

    private final int maxLine;
    /** The partial line; allocated at the first byte, grows (doubling) up to {@link #maxLine} only for longer lines. */
    private byte[] line;
    private int length;
    /** A CR was read and not yet stored: it is dropped if an LF follows, stored as content otherwise. */
    private boolean pendingCr;
    private boolean spent;

    /** @param maxLine the largest line content in bytes, terminator excluded; at least 1 */
    public LineFramer(int maxLine) {
        if (maxLine < 1) {
            throw new IllegalArgumentException("maxLine must be at least 1, was " + maxLine);
        }
        this.maxLine = maxLine;
        this.line = NONE;
    }

    /**
     * Consumes bytes from {@code in} up to and including the end of the next line.
     *
     * @return the next request, or {@code null} when {@code in} was drained without completing a line (the partial
     *     line is kept for the next call)
     * @throws IllegalStateException when called again after {@link Request.TooLong}
     */
    public Request next(ByteBuffer in) {
        if (spent) {
            throw new IllegalStateException("the framer is spent after a line too long");
        }
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                pendingCr = false;
                Request request = Request.of(line, length);
                length = 0;
                return request;
            }
            if (pendingCr && !store((byte) '\r')) {
                return tooLong();
            }
            pendingCr = b == '\r';
            if (!pendingCr && !store(b)) {
                return tooLong();
            }
        }
        return null;
    }

    /** Whether some bytes of an unterminated line have been received (the line timeout runs while this holds). */
    public boolean hasPartialLine() {
        return length > 0 || pendingCr;
    }

    /** The largest line content this framer accepts, in bytes. */
    public int maxLine() {
        return maxLine;
    }

    private boolean store(byte b) {
        if (length == line.length) {
            if (length == maxLine) {
                return false;
            }
            line = java.util.Arrays.copyOf(line, Math.min(maxLine, length == 0 ? INITIAL : length * 2));
        }
        line[length++] = b;
        return true;
    }

    private Request tooLong() {
        spent = true;
        byte[] head = java.util.Arrays.copyOf(line, length);
        length = 0;
        pendingCr = false;
        return new Request.TooLong(head);
    }
}
