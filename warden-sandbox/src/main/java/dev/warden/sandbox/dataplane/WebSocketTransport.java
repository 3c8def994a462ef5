package dev.warden.sandbox.dataplane;

import dev.warden.protocol.channel.FrameTransport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;

/**
 * The emulated agent's frames onto one client websocket, each as one binary message. Stream frames passing
 * count as session activity. The agent may run on another event loop than the websocket; Netty hands such
 * writes over to the channel's own loop in order.
 */
final class WebSocketTransport implements FrameTransport {

    private final Channel channel;
    private final ActivityMeter activity;

    WebSocketTransport(Channel channel, ActivityMeter activity) {
        this.channel = channel;
        this.activity = activity;
    }

    @Override
    public void write(byte[] frame) {
        if (FramePeek.isStreamData(frame)) {
            activity.streamFramePassed();
        }
        channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void flush() {
        channel.flush();
    }
}
