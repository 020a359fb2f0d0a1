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
    private final io.netty.channel.EventLoop eventLoop;
    private final Class<? extends SocketChannel> channelClass;
    private final BackendCall current;
    private Channel channel;

    NettyBackend(Work.Call call, long timeoutNanos, int maxLine, LoopTasks loop, io.netty.channel.EventLoop eventLoop,
            Class<? extends SocketChannel> channelClass) {
        this.call = call;
        this.eventLoop = eventLoop;
        this.channelClass = channelClass;
        this.current = new BackendCall(maxLine, loop, timeoutNanos);
    }

    @Override
    public void call(Consumer<Reply> whenDone) {
        current.start(call.calls(), whenDone);
        if (channel == null) {
            open();
        } else {
            send();
        }
    }

    @Override
    public void close() {
        closeChannel();
        current.finish(BackendFailure.CLOSED.reply());
    }

    private void open() {
        InetSocketAddress backend = new InetSocketAddress(call.host(), call.port());
        if (backend.isUnresolved()) {
            end(BackendFailure.UNRESOLVED.reply());
            return;
        }
        current.armTimeout(this::timedOut); // bounds the connect too
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
        current.sent(this::timedOut);
        channel.writeAndFlush(Unpooled.wrappedBuffer(BackendLink.TIME), channel.voidPromise());
    }

    /** The backend channel's handler: reads the reply line; a closed or failed channel ends the call. */
    private final class Reader extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                if (ctx.channel() == channel && current.active()) {
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
        switch (current.feed(in.nioBuffer())) {
            case MORE -> { }
            case SEND -> send();
            case END -> end(current.reply());
        }
    }

    private void timedOut() {
        end(BackendFailure.TIMEOUT.reply());
    }

    private void fail(Throwable e) {
        end(BackendCall.failure(e));
    }

    /** Ends the call with {@code reply}; after a failure the connection is closed, to be opened again. */
    private void end(Reply reply) {
        if (reply.error()) {
            closeChannel();
        }
        current.finish(reply);
    }

    private void closeChannel() {
        Channel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
    }
}
