package timelab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import timelab.service.Reply;
import timelab.work.Work;

/**
 * One client connection's non-blocking connection to the backend of {@code --work call} on the {@code nio} loop:
 * the backend socket joins the loop's selector, so the loop serves everyone else while a call is under way. Opened
 * on the first request, reused, closed with the client's connection or after a failure; each round trip is bounded
 * by {@code --backend-timeout} with a loop timer. Loop thread only.
 */
final class AsyncBackend implements LoopTasks.Backend, SelectorReady {

    private final Work.Call call;
    private final long timeoutNanos;
    private final EventLoop loop;
    private final BackendReplies replies;
    private final ByteBuffer in = ByteBuffer.allocate(256);
    private final ByteBuffer out = ByteBuffer.allocate(BackendLink.TIME.length);
    private SocketChannel channel;
    private SelectionKey key;
    private Consumer<Reply> done;
    /** Bumped by each round trip and each end, so a timer of an earlier one does nothing. */
    private long generation;

    AsyncBackend(Work.Call call, long timeoutNanos, int maxLine, EventLoop loop) {
        this.call = call;
        this.timeoutNanos = timeoutNanos;
        this.loop = loop;
        this.replies = new BackendReplies(maxLine);
    }

    @Override
    public void call(Consumer<Reply> whenDone) {
        this.done = whenDone;
        replies.start(call.calls());
        try {
            if (channel == null) {
                open();
            } else {
                send();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void ready(SelectionKey k) {
        try {
            if (k.isValid() && k.isConnectable()) {
                channel.finishConnect();
                send();
            } else if (k.isValid() && k.isWritable()) {
                write();
            } else if (k.isValid() && k.isReadable()) {
                read();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void close() {
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
        channel = null;
        key = null;
        finish(BackendFailure.CLOSED.reply());
    }

    private void open() throws IOException {
        InetSocketAddress backend = new InetSocketAddress(call.host(), call.port());
        if (backend.isUnresolved()) { // connect would throw an unchecked UnresolvedAddressException into the loop
            end(BackendFailure.UNRESOLVED.reply());
            return;
        }
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        boolean connected = channel.connect(backend);
        key = loop.register(channel, connected ? 0 : SelectionKey.OP_CONNECT, this);
        if (connected) {
            send();
        } else {
            armTimeout();
        }
    }

    private void send() throws IOException {
        out.clear();
        out.put(BackendLink.TIME).flip();
        replies.sent();
        armTimeout();
        write();
    }

    private void write() throws IOException {
        channel.write(out);
        key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read() throws IOException {
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
            end(BackendFailure.CLOSED.reply());
            return;
        }
        in.flip();
        while (in.hasRemaining()) {
            switch (replies.feed(in.get())) {
                case MORE -> { }
                case SEND -> {
                    send();
                    return; // one line per request: the backend sends nothing more until asked
                }
                case END -> {
                    end(replies.reply());
                    return;
                }
            }
        }
    }

    private void armTimeout() {
        long mine = ++generation;
        loop.after(timeoutNanos, () -> {
            if (generation == mine && done != null) {
                end(BackendFailure.TIMEOUT.reply());
            }
        });
    }

    private void fail(IOException e) {
        end(BackendReplies.failure(e));
    }

    /** Ends the call with {@code reply}; after a failure the connection is closed, to be opened again. */
    private void end(Reply reply) {
        if (reply.error()) {
            Consumer<Reply> d = done;
            done = null;
            close();
            done = d;
        } else if (key != null) {
            key.interestOps(0);
        }
        finish(reply);
    }

    private void finish(Reply reply) {
        generation++;
        Consumer<Reply> d = done;
        done = null;
        if (d != null) {
            d.accept(reply);
        }
    }
}
