package timelab.server;

import java.net.ConnectException;
import timelab.service.Reply;

/**
 * The reply side of a {@code --work call} on an event loop, without I/O: counts the call's round trips and collects
 * each reply line from the backend a byte at a time. The {@code nio} loop's {@link AsyncBackend} and the netty loop's
 * {@link NettyBackend} feed it what their sockets read, so the two read the backend alike.
 */
final class BackendReplies {

    /** What a byte of the reply led to. */
    enum Next {
        /** The line is not complete yet: read on. */
        MORE,
        /** A round trip is over and another is due: send the next request. */
        SEND,
        /** The call is over, with {@link #reply()}: a failure, or the last round trip's line. */
        END
    }

    private final byte[] line;
    private int length;
    private int remaining;
    private Reply reply;

    /** @param maxLine the longest reply line the backend may send */
    BackendReplies(int maxLine) {
        this.line = new byte[maxLine + 1];
    }

    /** A new call of {@code calls} round trips begins. */
    void start(int calls) {
        remaining = calls;
    }

    /** A request went out: its reply line starts empty. */
    void sent() {
        length = 0;
    }

    /** Takes one byte of the backend's reply. */
    Next feed(byte b) {
        if (b == '\n') {
            reply = BackendFailure.check(line, length);
            return reply.error() || --remaining == 0 ? Next.END : Next.SEND;
        }
        if (length == line.length) {
            reply = BackendFailure.GARBAGE.reply();
            return Next.END;
        }
        line[length++] = b;
        return Next.MORE;
    }

    /** The call's reply once {@link #feed} said {@link Next#END}. */
    Reply reply() {
        return reply;
    }

    /** The client's reply when the backend's socket failed with {@code e}. */
    static Reply failure(Throwable e) {
        return e instanceof ConnectException ? BackendFailure.REFUSED.reply()
                : BackendFailure.IO.reply(e.getClass().getSimpleName());
    }
}
