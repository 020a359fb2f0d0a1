package timelab.server;

import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import timelab.service.Reply;

/**
 * The I/O-free half of a {@code --work call} on an event loop: who waits for the call's reply, its round trips
 * counted, each reply line collected from the backend a byte at a time, and the timer that bounds each round trip.
 * The {@code nio} loop's {@link AsyncBackend} and the netty loop's {@link NettyBackend} own the socket and feed it what
 * they read, so the two read, time out and answer alike. Loop thread only.
 */
final class BackendCall {

    /** What the bytes of a reply led to. */
    enum Next {
        /** The line is not complete yet: read on. */
        MORE,
        /** A round trip is over and another is due: send the next request. */
        SEND,
        /** The call is over, with {@link #reply()}: a failure, or the last round trip's line. */
        END
    }

    private final byte[] line;
    private final LoopTasks loop;
    private final long timeoutNanos;
    private int length;
    private int remaining;
    private Reply reply;
    private Consumer<Reply> done;
    /** Bumped by each round trip and each end, so a timer of an earlier one does nothing. */
    private long generation;

    /**
     * @param maxLine the longest reply line the backend may send
     * @param loop the loop whose timers bound each round trip
     * @param timeoutNanos {@code --backend-timeout}
     */
    BackendCall(int maxLine, LoopTasks loop, long timeoutNanos) {
        this.line = new byte[maxLine + 1];
        this.loop = loop;
        this.timeoutNanos = timeoutNanos;
    }

    /** A new call of {@code calls} round trips begins; {@code whenDone} gets its reply, once. */
    void start(int calls, Consumer<Reply> whenDone) {
        remaining = calls;
        done = whenDone;
    }

    /** Whether a call is under way: started, its reply not given yet. */
    boolean active() {
        return done != null;
    }

    /** A request went out: its reply line starts empty, and the round trip is bounded from now. */
    void sent(Runnable timedOut) {
        length = 0;
        armTimeout(timedOut);
    }

    /**
     * Bounds what begins now (a connect, a round trip): {@code timedOut} runs after {@code --backend-timeout} unless
     * another round trip began or the call ended first.
     */
    void armTimeout(Runnable timedOut) {
        long mine = ++generation;
        loop.after(timeoutNanos, () -> {
            if (generation == mine && done != null) {
                timedOut.run();
            }
        });
    }

    /**
     * Takes the bytes of {@code in} until one completes a reply line: {@link Next#MORE} when every byte was taken,
     * else what that line led to (the bytes after it are left: the backend sends nothing more until asked).
     */
    Next feed(ByteBuffer in) {
        while (in.hasRemaining()) {
            Next next = feed(in.get());
            if (next != Next.MORE) {
                return next;
            }
        }
        return Next.MORE;
    }

    private Next feed(byte b) {
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

    /** Gives {@code reply} to the one waiting for the call, if any; a timer armed before does nothing after. */
    void finish(Reply reply) {
        generation++;
        Consumer<Reply> d = done;
        done = null;
        if (d != null) {
            d.accept(reply);
        }
    }

    /** The client's reply when the backend's socket failed with {@code e}. */
    static Reply failure(Throwable e) {
        return e instanceof ConnectException ? BackendFailure.REFUSED.reply()
                : BackendFailure.IO.reply(e.getClass().getSimpleName());
    }
}
