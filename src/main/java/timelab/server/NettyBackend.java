package timelab.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import timelab.service.Reply;
import timelab.work.Work;

/**
 * One {@code netty} client connection's connection to the backend of {@code --work call}: a Netty client channel on
 * the client connection's own event loop, so the loop serves everyone else while a call is under way. It speaks
 * what {@link AsyncBackend} and {@link BackendLink} speak ({@link BackendLink#TIME}, one reply line per round trip)
 * and fails the same way ({@link BackendFailure}). Loop thread only.
 */
final class NettyBackend implements LoopTasks.Backend {

    private final Work.Call call;
    private final long timeoutNanos;
    private final LoopTasks loop;
    private final io.netty.channel.EventLoop eventLoop;
    private final Class<? extends SocketChannel> channelClass;
    private final BackendReplies replies;
    private Channel channel;
    private Consumer<Reply> done;
    /** Bumped by each round trip and each end, so a timer of an earlier one does nothing. */
    private long generation;

    NettyBackend(Work.Call call, long timeoutNanos, int maxLine, LoopTasks loop, io.netty.channel.EventLoop eventLoop,
            Class<? extends SocketChannel> channelClass) {
        this.call = call;
        this.timeoutNanos = timeoutNanos;
        this.loop = loop;
        this.eventLoop = eventLoop;
        this.channelClass = channelClass;
        this.replies = new BackendReplies(maxLine);
    }

    @Override
    public void call(Consumer<Reply> whenDone) {
        this.done = whenDone;
        replies.start(call.calls());
        if (channel == null) {
            open();
        } else {
            send();
        }
    }

    @Override
    public void close() {
        closeChannel();
        finish(BackendFailure.CLOSED.reply());
    }

    private void open() {
        InetSocketAddress backend = new InetSocketAddress(call.host(), call.port());
        if (backend.isUnresolved()) {
            end(BackendFailure.UNRESOLVED.reply());
            return;
        }
        armTimeout(); // bounds the connect too
        ChannelFuture connect = new Bootstrap().group(eventLoop).channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new Reader())
                .connect(backend);
        Channel opening = connect.channel();
        channel = opening;
        connect.addListener(f -> {
            if (channel == opening) {
                if (f.isSuccess()) {
                    send();
                } else {
                    fail(f.cause());
                }
            }
        });
    }

    private void send() {
        replies.sent();
        armTimeout();
        channel.writeAndFlush(Unpooled.wrappedBuffer(BackendLink.TIME), channel.voidPromise());
    }

    /** The backend channel's handler: reads the reply line; a closed or failed channel ends the call. */
    private final class Reader extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                if (ctx.channel() == channel && done != null) {
                    read(in);
                }
            } finally {
                in.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel) {
                end(BackendFailure.CLOSED.reply());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.channel() == channel) {
                fail(cause);
            } else {
                ctx.close();
            }
        }
    }

    private void read(ByteBuf in) {
        for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
            switch (replies.feed(in.getByte(i))) {
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

    private void fail(Throwable e) {
        end(BackendReplies.failure(e));
    }

    /** Ends the call with {@code reply}; after a failure the connection is closed, to be opened again. */
    private void end(Reply reply) {
        if (reply.error()) {
            closeChannel();
        }
        finish(reply);
    }

    private void closeChannel() {
        Channel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
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
