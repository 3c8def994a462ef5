package dev.warden.client.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives one data-channel websocket: the HTTP upgrade (with the typed failures of
 * {@link DataChannelConnectException}), the OpenDataChannel text message as the very first message, the
 * {@code keepalive} pings, and then binary messages to the {@link ConnectionListener}. Reads only on demand
 * (auto-read is off), answers pings, and treats a close frame as the end of the connection.
 */
final class WebSocketClientHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(WebSocketClientHandler.class);
    /** How long to keep reading after a write failed before closing anyway. */
    private static final Duration DRAIN_AFTER_WRITE_FAILURE = Duration.ofSeconds(1);
    private static final byte[] PING_PAYLOAD = "keepalive".getBytes(StandardCharsets.US_ASCII);

    private enum State { CONNECTING, OPEN, CLOSED }

    private final WebSocketClientHandshaker handshaker;
    private final String endpoint;
    private final boolean tls;
    private final String firstTextMessage;
    private final ConnectionListener listener;
    private final WebSocketSettings settings;
    private final CompletableFuture<WebSocketConnection> opened;
    private final ConnectionFactory connectionFactory;

    private State state = State.CONNECTING;
    private WebSocketConnection connection;
    private ScheduledFuture<?> upgradeTimer;
    private ScheduledFuture<?> pingTimer;
    private Throwable failure;
    /** A write failed: reading on to the end of what the endpoint sent, then closing. */
    private boolean draining;
    /** Binary messages that arrived before the connection's owner adopted it; null once delivered. */
    private List<ByteBuf> early;

    /** Makes the connection object once the upgrade succeeded. */
    interface ConnectionFactory {
        WebSocketConnection create(io.netty.channel.Channel channel);
    }

    WebSocketClientHandler(WebSocketClientHandshaker handshaker, String endpoint, boolean tls,
                           String firstTextMessage, ConnectionListener listener, WebSocketSettings settings,
                           CompletableFuture<WebSocketConnection> opened, ConnectionFactory connectionFactory) {
        this.handshaker = handshaker;
        this.endpoint = endpoint;
        this.tls = tls;
        this.firstTextMessage = firstTextMessage;
        this.listener = listener;
        this.settings = settings;
        this.opened = opened;
        this.connectionFactory = connectionFactory;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Duration timeout = settings.upgradeTimeout();
        upgradeTimer = ctx.executor().schedule(() -> fail(ctx, new UpgradeTimedOutException(endpoint, timeout)),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (!tls) {
            handshaker.handshake(ctx.channel());
        }
        ctx.read();
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake && state == State.CONNECTING) {
            if (handshake.isSuccess()) {
                handshaker.handshake(ctx.channel());
                ctx.read();
            } else {
                fail(ctx, new TlsHandshakeException(endpoint, handshake.cause()));
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof FullHttpResponse response) {
                onUpgradeResponse(ctx, response);
            } else if (msg instanceof WebSocketFrame frame) {
                onFrame(ctx, frame);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onUpgradeResponse(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (state != State.CONNECTING) {
            return;
        }
        if (!HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())) {
            AwsErrorBody error = AwsErrorBody.parse(response.headers().get("x-amzn-ErrorType"),
                    response.headers().get("x-amzn-error-message"), ByteBufUtil.getBytes(response.content()));
            fail(ctx, new UpgradeRejectedException(endpoint, response.status().code(), error.code, error.message));
            return;
        }
        try {
            handshaker.finishHandshake(ctx.channel(), response);
        } catch (WebSocketHandshakeException e) {
            fail(ctx, new UpgradeRejectedException(endpoint, 101, null, e.getMessage()));
            return;
        }
        // A ClientMessage is one websocket message; a peer that fragments it still reaches us whole.
        ctx.pipeline().addBefore(ctx.name(), "ws-aggregator",
                new WebSocketFrameAggregator(settings.maxFramePayloadLength()));
        upgradeTimer.cancel(false);
        state = State.OPEN;
        connection = connectionFactory.create(ctx.channel());
        // OpenDataChannel must be the first message; the first keepalive ping follows it, as in the plugin.
        ctx.write(new TextWebSocketFrame(firstTextMessage));
        ping(ctx);
        Duration interval = settings.pingInterval();
        pingTimer = ctx.executor().scheduleAtFixedRate(() -> ping(ctx), interval.toNanos(), interval.toNanos(),
                TimeUnit.NANOSECONDS);
        // Whoever opened the connection adopts it in a task that completing the future puts on this event loop.
        // Messages wait behind that task, so none reaches a listener that does not know the connection yet.
        if (early == null) {
            early = new ArrayList<>();
        }
        opened.complete(connection);
        ctx.executor().execute(this::deliverEarly);
    }

    private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof BinaryWebSocketFrame) {
            if (state == State.OPEN && early == null) {
                listener.onBinaryMessage(connection, frame.content());
            } else if (state != State.CLOSED) {
                // Decoded while the upgrade is being finished, before the connection is handed out.
                if (early == null) {
                    early = new ArrayList<>();
                }
                early.add(frame.content().retain());
            }
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            log.debug("{}: close frame received", connection);
            ctx.close();
        } else if (frame instanceof TextWebSocketFrame) {
            log.debug("{}: ignoring a text message from the endpoint", connection);
        }
        // Pong: nothing to do; the official client does not check pongs either.
    }

    private void deliverEarly() {
        List<ByteBuf> pending = early;
        if (pending == null) {
            return;
        }
        early = null;
        for (ByteBuf message : pending) {
            try {
                if (state == State.OPEN) {
                    listener.onBinaryMessage(connection, message);
                }
            } finally {
                message.release();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (state == State.CONNECTING || (state == State.OPEN && (connection.readDemand() || draining))) {
            ctx.read();
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (state == State.OPEN) {
            listener.onWritabilityChanged(connection);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.CONNECTING) {
            fail(ctx, classify(cause));
            return;
        }
        if (failure == null) {
            failure = cause;
        }
        log.debug("{} failed: {}", connection, cause.toString());
        if (cause instanceof IOException && state == State.OPEN && ctx.channel().isActive() && !draining) {
            // A write failed (typically EPIPE: the service closed the connection). What it sent before closing,
            // such as channel_closed, may still wait in the receive buffer: read it before giving up.
            draining = true;
            ctx.read();
            ctx.executor().schedule(() -> {
                ctx.close();
            }, DRAIN_AFTER_WRITE_FAILURE.toNanos(), TimeUnit.NANOSECONDS);
            return;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimers();
        if (state == State.CONNECTING) {
            fail(ctx, new EndpointUnreachableException(endpoint, "the connection closed during the websocket upgrade",
                    null));
        } else if (state == State.OPEN) {
            state = State.CLOSED;
            releaseEarly();
            listener.onClosed(connection, connection.closeRequested() ? null
                    : failure != null ? failure : new ConnectException("connection closed by the endpoint"));
        }
        super.channelInactive(ctx);
    }

    private void ping(ChannelHandlerContext ctx) {
        if (state == State.OPEN) {
            ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(PING_PAYLOAD)), ctx.voidPromise());
        }
    }

    private void fail(ChannelHandlerContext ctx, DataChannelConnectException error) {
        if (state != State.CONNECTING) {
            return;
        }
        state = State.CLOSED;
        cancelTimers();
        releaseEarly();
        opened.completeExceptionally(error);
        ctx.close();
    }

    private DataChannelConnectException classify(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DataChannelConnectException typed) {
                return typed;
            }
            if (t instanceof SSLException) {
                return new TlsHandshakeException(endpoint, t);
            }
        }
        return new EndpointUnreachableException(endpoint, String.valueOf(cause.getMessage()), cause);
    }

    private void cancelTimers() {
        if (upgradeTimer != null) {
            upgradeTimer.cancel(false);
        }
        if (pingTimer != null) {
            pingTimer.cancel(false);
        }
    }

    private void releaseEarly() {
        if (early != null) {
            early.forEach(ByteBuf::release);
            early = null;
        }
    }
}
