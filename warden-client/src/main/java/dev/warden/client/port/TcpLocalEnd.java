package dev.warden.client.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * A local TCP connection forwarded through the session, on the session's event loop with auto-read off: it reads
 * its socket only while the session side is writable, and reports itself full (so the session stops delivering)
 * while its socket is not writable. Back-pressure both ways, no queue of its own.
 */
final class TcpLocalEnd extends ChannelInboundHandlerAdapter implements LocalEnd {

    private final PortForwarder forwarder;
    private Channel channel;
    private RemoteEnd remote;
    private boolean remoteClosed;

    TcpLocalEnd(PortForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        forwarder.connect(this);
        super.channelActive(ctx);
    }

    @Override
    public void bind(RemoteEnd bound) {
        this.remote = bound;
        if (channel.isActive()) {
            channel.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (remote == null || !(msg instanceof ByteBuf data)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        remote.write(data);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (remote != null) {
            remote.flush();
            if (remote.isWritable()) {
                ctx.read();
            }
        }
    }

    @Override
    public void onRemoteWritable() {
        if (channel.isActive() && !remoteClosed) {
            channel.read();
        }
    }

    @Override
    public void onRemoteData(ByteBuf data) {
        if (!channel.isActive()) {
            data.release();
            return;
        }
        channel.writeAndFlush(data, channel.voidPromise());
    }

    @Override
    public boolean wantsMoreData() {
        return channel == null || channel.isWritable() || !channel.isActive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable() && remote != null) {
            remote.resumeDelivery();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (remote != null) {
            remote.close();
        } else {
            forwarder.disconnected(this);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void onRemoteClosed() {
        remoteClosed = true;
        if (channel != null && channel.isActive()) {
            // Whatever was delivered goes out first, then the connection closes.
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
