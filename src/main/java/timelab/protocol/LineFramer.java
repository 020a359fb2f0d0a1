package timelab.protocol;

import java.nio.ByteBuffer;

/**
 * Frames a byte stream into lines: a line ends at LF, and one CR right before the LF is dropped
 * (docs/reference/protocol.md, "Transport"). Framing is on bytes, so any byte sequence is accepted and nothing is
 * decoded here.
 *
 * <p>The framer never holds more than {@code maxLine} bytes (it has no buffer until the first byte of a line
 * arrives; the buffer starts at 16 bytes and grows only for longer lines, so an idle connection costs little): when a
 * line's content would exceed the limit it returns {@link Request.TooLong} at once, without waiting for the LF, and
 * is then spent (the connection is closed).
 * Feeding the same bytes split in any way yields the same requests.
 *
 * <p>A client reads replies with a {@linkplain #splitting splitting} framer instead and takes each line's bytes
 * ({@link #nextLine}): there a line longer than the limit is not an error but cut into pieces of {@code maxLine}
 * bytes, each returned as a line of its own, and the framer goes on (a reply that long is judged as it is).
 *
 * <p>Not thread-safe: one framer belongs to one connection, used by one thread at a time.
 */
public final class LineFramer implements Framer {

    /** First size of {@link #line}: a connection that sends short lines never needs more. */
    static final int INITIAL = 16;
    /** {@link #line} until the first byte is stored: a held connection that sends nothing costs no buffer. */
    private static final byte[] NONE = new byte[0];

    private final int maxLine;
    /** Whether a line longer than {@link #maxLine} is cut into pieces (client) instead of refused (server). */
    private final boolean splitting;
    /** The partial line; allocated at the first byte, grows (doubling) up to {@link #maxLine} only for longer lines. */
    private byte[] line;
    private int length;
    /** A CR was read and not yet stored: it is dropped if an LF follows, stored as content otherwise. */
    private boolean pendingCr;
    private boolean spent;

    /** @param maxLine the largest line content in bytes, terminator excluded; at least 1 */
    public LineFramer(int maxLine) {
        this(maxLine, false);
    }

    private LineFramer(int maxLine, boolean splitting) {
        if (maxLine < 1) {
            throw new IllegalArgumentException("maxLine must be at least 1, was " + maxLine);
        }
        this.maxLine = maxLine;
        this.splitting = splitting;
        this.line = NONE;
    }

    /**
     * A framer for {@link #nextLine}: a line longer than {@code maxLine} bytes is returned in pieces of
     * {@code maxLine} bytes (no byte is lost), and the framer is never spent.
     *
     * @param maxLine the largest piece in bytes, terminator excluded; at least 1
     */
    public static LineFramer splitting(int maxLine) {
        return new LineFramer(maxLine, true);
    }

    /**
     * Consumes bytes from {@code in} up to and including the end of the next line.
     *
     * @return the next request, or {@code null} when {@code in} was drained without completing a line (the partial
     *     line is kept for the next call)
     * @throws IllegalStateException when called again after {@link Request.TooLong}
     */
    @Override
    public Request next(ByteBuffer in) {
        if (splitting) {
            throw new IllegalStateException("a splitting framer returns lines (nextLine), not requests");
        }
        if (spent) {
            throw new IllegalStateException("the framer is spent after a line too long");
        }
        return switch (scan(in)) {
            case LINE -> {
                Request request = Request.of(line, length);
                length = 0;
                yield request;
            }
            case FULL -> tooLong();
            case MORE -> null;
        };
    }

    /**
     * Consumes bytes from {@code in} up to and including the end of the next line, for a {@linkplain #splitting
     * splitting} framer: a line that reaches the limit without its LF is returned as it is, and the bytes after it
     * start the next line.
     *
     * @return the line's bytes without its LF and the one CR before it, or {@code null} when {@code in} was drained
     *     without completing a line (the partial line is kept for the next call)
     * @throws IllegalStateException when this framer is not a splitting one
     */
    public byte[] nextLine(ByteBuffer in) {
        if (!splitting) {
            throw new IllegalStateException("a refusing framer returns requests (next), not lines");
        }
        if (scan(in) == Scan.MORE) {
            return null;
        }
        byte[] bytes = java.util.Arrays.copyOf(line, length);
        length = 0;
        return bytes;
    }

    /** What {@link #scan} stopped at. */
    private enum Scan {
        /** A complete line is in {@link #line}. */
        LINE,
        /** The line is at the limit and the next byte does not end it (consumed when refusing, not when splitting). */
        FULL,
        /** The input is drained and the line is incomplete. */
        MORE
    }

    private Scan scan(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (splitting && full(in.get(in.position()))) {
                return Scan.FULL; // the byte stays in the input: it starts the next piece
            }
            byte b = in.get();
            if (b == '\n') {
                pendingCr = false;
                return Scan.LINE;
            }
            if (pendingCr && !store((byte) '\r')) {
                return Scan.FULL;
            }
            pendingCr = b == '\r';
            if (!pendingCr && !store(b)) {
                return Scan.FULL;
            }
        }
        return Scan.MORE;
    }

    /** Whether some bytes of an unterminated line have been received (the line timeout runs while this holds). */
    @Override
    public boolean hasPartialLine() {
        return length > 0 || pendingCr;
    }

    /** How many bytes of an unterminated line have been received (a CR not yet known to end it included). */
    public int partialLength() {
        return length + (pendingCr ? 1 : 0);
    }

    /** Any: a line may arrive in as many reads as it takes. */
    @Override
    public int minReadBuffer() {
        return 1;
    }

    /** The largest line content this framer accepts, in bytes. */
    public int maxLine() {
        return maxLine;
    }

    /**
     * Splitting: whether the line is full before byte {@code next}; first stores a pending CR that {@code next} shows
     * to be content, if it fits (else the CR stays pending and starts the next piece).
     */
    private boolean full(byte next) {
        if (next == '\n') {
            return false;
        }
        if (pendingCr) {
            if (length == maxLine) {
                return true;
            }
            store((byte) '\r');
            pendingCr = false;
        }
        return length == maxLine && next != '\r';
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
