package dev.warden.sandbox.dataplane;

import dev.warden.protocol.Decoding;
import dev.warden.protocol.payload.ClientOpenDataChannel;
import dev.warden.protocol.payload.OpenDataChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client websocket of a session, after the upgrade. It waits for the OpenDataChannel text frame and checks its
 * token (a wrong, expired or superseded token closes the connection with status 1008), then passes binary
 * messages to the session's {@link SessionHost}. It answers pings, before or after the OpenDataChannel frame
 * (the official client may send its first ping first). A connection signed with temporary credentials is closed
 * when they expire, as the service appears to do (client-protocol.md §9), when that fault is on.
 */
final class DataChannelConnection extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(DataChannelConnection.class);

    private final DataPlaneContext context;
    private final String sessionId;
    private final Optional<Instant> credentialsExpiry;
    private Channel channel;
    private SessionHost host;
    private ScheduledFuture<?> openTimeout;

    DataChannelConnection(DataPlaneContext context, String sessionId, Optional<Instant> credentialsExpiry) {
        this.context = context;
        this.sessionId = sessionId;
        this.credentialsExpiry = credentialsExpiry;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        context.connections().opened(sessionId);
        openTimeout = ctx.executor().schedule(() -> {
            if (host == null) {
                closeWith(WebSocketCloseStatus.POLICY_VIOLATION, "No OpenDataChannel message received");
            }
        }, context.settings().handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        scheduleDeadlines(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            ctx.close();
        } else if (frame instanceof TextWebSocketFrame text) {
            if (host == null) {
                open(text.content());
            }
        } else if (frame instanceof BinaryWebSocketFrame binary) {
            if (host != null) {
                host.onClientFrame(this, ByteBufUtil.getBytes(binary.content()));
            }
        }
    }

    private void open(ByteBuf text) {
        Decoding<OpenDataChannel> decoded = OpenDataChannel.decode(text.toString(StandardCharsets.UTF_8));
        if (!decoded.isOk() || !(decoded.value() instanceof ClientOpenDataChannel open)) {
            closeWith(WebSocketCloseStatus.POLICY_VIOLATION, "Invalid OpenDataChannel message");
            return;
        }
        if (!context.registry().isValidToken(sessionId, open.tokenValue())) {
            LOG.info("Session {}: refused a data channel with an invalid or expired token", sessionId);
            closeWith(WebSocketCloseStatus.POLICY_VIOLATION, "Invalid or expired token");
            return;
        }
        if (openTimeout != null) {
            openTimeout.cancel(false);
        }
        host = context.hosts().hostFor(sessionId, channel.eventLoop());
        host.connect(this, open.clientVersion());
    }

    /** Closes with a websocket close frame, as the service does when it drops a connection on purpose. */
    void closeWith(WebSocketCloseStatus status, String reason) {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Closes the TCP connection after what was written, without a close frame (the service's channel_closed). */
    void closeAfterWrites() {
        channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (host != null && ctx.channel().isWritable()) {
            host.onTransportWritable(this);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        LOG.debug("Session {}: data channel closed", sessionId);
        context.connections().closed(sessionId);
        if (openTimeout != null) {
            openTimeout.cancel(false);
        }
        if (host != null) {
            host.onConnectionClosed(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Session {}: data channel failed: {}", sessionId, cause.toString());
        ctx.close();
    }

    /** The faults that end a connection after a while: credential expiry of a signed upgrade, and a fixed age. */
    private void scheduleDeadlines(ChannelHandlerContext ctx) {
        if (credentialsExpiry.isPresent() && context.faults().current().closeDataChannelOnCredentialExpiry()) {
            Duration left = Duration.between(context.clock().instant(), credentialsExpiry.get());
            ctx.executor().schedule(() -> {
                LOG.info("Session {}: closing a data channel whose signing credentials expired", sessionId);
                closeWith(WebSocketCloseStatus.NORMAL_CLOSURE, "Bye");
            }, Math.max(0, left.toNanos()), TimeUnit.NANOSECONDS);
        }
        Duration dropAfter = context.faults().current().dropDataChannelAfter();
        if (dropAfter != null) {
            ctx.executor().schedule(() -> closeWith(WebSocketCloseStatus.NORMAL_CLOSURE, "Bye"),
                    dropAfter.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
