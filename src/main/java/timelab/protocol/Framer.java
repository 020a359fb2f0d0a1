package timelab.protocol;

import java.nio.ByteBuffer;

/**
 * Cuts a server's input into requests ({@code --framing}): a {@link LineFramer} for {@link Framing#LINE}, a
 * {@link ChunkFramer} for {@link Framing#CHUNK}. Framing is on bytes; nothing is decoded here.
 *
 * <p>Each call of {@link #next} gets the bytes of one read, and is called again until it returns {@code null}; a
 * framer never holds more than its limit of bytes, whatever the input.
 *
 * <p>Not thread-safe: one framer belongs to one connection, used by one thread at a time.
 */
public sealed interface Framer permits LineFramer, ChunkFramer {

    /**
     * The framer for {@code framing}: the one switch over {@link Framing}.
     *
     * @param maxLine the longest line in bytes ({@link Framing#LINE}); a chunk is at most {@link ChunkFramer#MAX}
     *     bytes whatever it says ({@code recv(1024)})
     */
    static Framer of(Framing framing, int maxLine) {
        return switch (framing) {
            case LINE -> new LineFramer(maxLine);
            case CHUNK -> new ChunkFramer();
        };
    }

    /**
     * Consumes the bytes of {@code in} that make the next request.
     *
     * @return the next request, or {@code null} when {@code in} holds no complete one (what it held is kept)
     */
    Request next(ByteBuffer in);

    /** Whether some bytes of an unfinished request have been received (the line timeout runs while this holds). */
    boolean hasPartialLine();

    /**
     * The fewest bytes one read must be able to take for this framer to see requests as the client sent them: a
     * chunk framer's request is one read, so a read into a smaller buffer would cut it.
     */
    int minReadBuffer();
}
