package dev.warden.client.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens data-channel websockets with Netty (client-protocol.md §2): {@code ws://} or {@code wss://}, the upgrade
 * request with the given extra headers (the SigV4 signature), no subprotocol, no extension (so no compression),
 * no Origin, then the OpenDataChannel text message as the first message and a {@code keepalive} ping.
 *
 * <p>Thread-safe; every connection lives on the event loop it is opened on.
 */
public final class WebSocketConnector {

    private static final int UPGRADE_RESPONSE_LIMIT = 64 * 1024;

    private final WebSocketSettings settings;
    private final AtomicInteger connectionNumbers = new AtomicInteger();

    public WebSocketConnector(WebSocketSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public WebSocketSettings settings() {
        return settings;
    }

    /** The details of one dial. */
    public record Dial(URI url, InetSocketAddress address, Map<String, String> headers, String firstTextMessage,
                       Instant credentialsExpiry, String signedBy) {
        public Dial {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(address, "address");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(firstTextMessage, "firstTextMessage");
        }

        @Override
        public String toString() {
            return "Dial[" + DataChannelConnectException.describe(url) + "]"; // headers and text hold secrets
        }
    }

    /**
     * Does ahead, off the caller's thread's path, the one-time work of a first connection: the TLS context when the
     * connection will use TLS, and the pipeline's classes (loaded and initialised by building a pipeline's handlers,
     * without connecting). Meant for the time a caller waits for StartSession anyway. Failures are left for
     * {@link #connect} to report.
     */
    public void prepare(boolean tls) {
        try {
            if (tls) {
                settings.tls().sslContext();
            }
            flushConsolidation();
            new HttpClientCodec();
            new HttpObjectAggregator(UPGRADE_RESPONSE_LIMIT);
            WebSocketClientHandshakerFactory.newHandshaker(URI.create("ws://localhost/"), WebSocketVersion.V13, null,
                    false, new DefaultHttpHeaders(), settings.maxFramePayloadLength(), true, false, 10_000L, false,
                    false);
            new Bootstrap().channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true);
        } catch (SSLException | RuntimeException e) {
            // connect meets the same failure and reports it with its endpoint
        }
    }

    /**
     * Dials {@code dial.url()} at the already-resolved {@code dial.address()} on {@code loop}. The future completes
     * on the event loop once the upgrade succeeded and the first text message is written; stages registered before
     * that run on the event loop. It fails with a {@link DataChannelConnectException}.
     */
    public CompletableFuture<WebSocketConnection> connect(EventLoop loop, Dial dial, ConnectionListener listener) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(listener, "listener");
        CompletableFuture<WebSocketConnection> opened = new CompletableFuture<>();
        URI url = dial.url();
        String endpoint = DataChannelConnectException.describe(url);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        boolean tls;
        if ("wss".equals(scheme) || "https".equals(scheme)) {
            tls = true;
        } else if ("ws".equals(scheme) || "http".equals(scheme)) {
            tls = false;
        } else {
            opened.completeExceptionally(new EndpointUnreachableException(endpoint,
                    "unsupported URL scheme '" + scheme + "'", null));
            return opened;
        }

        SslContext sslContext = null;
        if (tls) {
            try {
                sslContext = settings.tls().sslContext();
            } catch (SSLException e) {
                opened.completeExceptionally(new TlsHandshakeException(endpoint, e));
                return opened;
            }
        }
        SslContext tlsContext = sslContext;

        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set("User-Agent", settings.userAgent());
        dial.headers().forEach(headers::set);
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(url,
                WebSocketVersion.V13, null, false, headers, settings.maxFramePayloadLength(), true, false,
                10_000L, false, false);
        int number = connectionNumbers.incrementAndGet();
        WebSocketClientHandler handler = new WebSocketClientHandler(handshaker, endpoint, tls,
                dial.firstTextMessage(), listener, settings, opened,
                channel -> new WebSocketConnection(channel, url, number, dial.credentialsExpiry(), dial.signedBy()));

        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                // A failed write must not close the connection at once: the handler first reads what the
                // endpoint sent before closing (its channel_closed).
                .option(ChannelOption.AUTO_CLOSE, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        settings.connectTimeout().toMillis()))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        settings.writeBufferLowWaterMark(), settings.writeBufferHighWaterMark()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline pipeline = ch.pipeline();
                        pipeline.addLast("flush-consolidation", flushConsolidation());
                        if (tls) {
                            int port = url.getPort() < 0 ? 443 : url.getPort();
                            SslHandler ssl = tlsContext.newHandler(ch.alloc(), url.getHost(), port);
                            pipeline.addLast("tls", ssl);
                        }
                        pipeline.addLast("http", new HttpClientCodec());
                        pipeline.addLast("http-aggregator", new HttpObjectAggregator(UPGRADE_RESPONSE_LIMIT));
                        pipeline.addLast("data-channel", handler);
                    }
                });
        ChannelFuture connect = bootstrap.connect(dial.address());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                Throwable cause = f.cause();
                String detail = cause instanceof ConnectTimeoutException
                        ? "connect timed out after " + settings.connectTimeout().toMillis() + " ms"
                        : String.valueOf(cause.getMessage());
                opened.completeExceptionally(new EndpointUnreachableException(endpoint, detail, cause));
            }
        });
        return opened;
    }

    /**
     * The engine flushes after every frame it handles and every message it sends: one write system call per 1 KiB
     * frame or acknowledgement. This joins the flushes of a read, and of the tasks queued so far on the loop.
     */
    static FlushConsolidationHandler flushConsolidation() {
        return new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true);
    }
}
