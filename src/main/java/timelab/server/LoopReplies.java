package timelab.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * An event loop's reply buffer ({@code nio}'s, and each {@code netty} loop's): the replies one turn of the loop made
 * for a connection, written without copying them out first.
 */
final class LoopReplies extends ByteArrayOutputStream {

    LoopReplies() {
        super(1024);
    }

    /**
     * Writes the replies through the loop's direct buffer and empties this.
     *
     * @return what the socket did not take now (the connection's pending buffer), or {@code null}
     */
    ByteBuffer writeTo(SocketChannel channel, ByteBuffer direct) throws IOException {
        int size = count;
        int written = 0;
        try {
            while (written < size) {
                direct.clear();
                int n = Math.min(direct.capacity(), size - written);
                direct.put(buf, written, n).flip();
                channel.write(direct);
                written += n - direct.remaining();
                if (direct.hasRemaining()) {
                    break; // the socket is full
                }
            }
            return written == size ? null : ByteBuffer.wrap(Arrays.copyOfRange(buf, written, size));
        } finally {
            reset();
        }
    }

    /** Queues the replies behind {@code pending}, which still waits for the socket, and empties this. */
    ByteBuffer appendTo(ByteBuffer pending) {
        ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + count);
        joined.put(pending).put(buf, 0, count).flip();
        reset();
        return joined;
    }

    /** The replies in one buffer from {@code alloc} (a {@code netty} channel's), and empties this. */
    ByteBuf toByteBuf(ByteBufAllocator alloc) {
        ByteBuf b = alloc.ioBuffer(count);
        b.writeBytes(buf, 0, count);
        reset();
        return b;
    }
}
