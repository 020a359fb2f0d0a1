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
    private final EventLoop loop;
    private final BackendCall current;
    private final ByteBuffer in = ByteBuffer.allocate(256);
    private final ByteBuffer out = ByteBuffer.allocate(BackendLink.TIME.length);
    private SocketChannel channel;
    private SelectionKey key;

    AsyncBackend(Work.Call call, long timeoutNanos, int maxLine, EventLoop loop) {
        this.call = call;
        this.loop = loop;
        this.current = new BackendCall(maxLine, loop, timeoutNanos);
    }

    @Override
    public void call(Consumer<Reply> whenDone) {
        current.start(call.calls(), whenDone);
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
        closeChannel();
        current.finish(BackendFailure.CLOSED.reply());
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
            current.armTimeout(this::timedOut);
        }
    }

    private void send() throws IOException {
        out.clear();
        out.put(BackendLink.TIME).flip();
        current.sent(this::timedOut);
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
        switch (current.feed(in)) {
            case MORE -> { }
            case SEND -> send();
            case END -> end(current.reply());
        }
    }

    private void timedOut() {
        end(BackendFailure.TIMEOUT.reply());
    }

    private void fail(IOException e) {
        end(BackendCall.failure(e));
    }

    /** Ends the call with {@code reply}; after a failure the connection is closed, to be opened again. */
    private void end(Reply reply) {
        if (reply.error()) {
            closeChannel();
        } else if (key != null) {
            key.interestOps(0);
        }
        current.finish(reply);
    }

    private void closeChannel() {
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
    }
}
