package dev.warden.client.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A data-channel websocket endpoint on loopback whose every connection is driven by test code: the test reads
 * what the client sent (the upgrade request, the OpenDataChannel text, binary frames) and writes the frames a
 * service and agent would send. No protocol logic of its own, so tests state exactly what the peer does.
 */
public final class ScriptedDataChannelServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<PeerConnection> connections = new LinkedBlockingQueue<>();
    private final Channel server;
    private final boolean tls;

    private ScriptedDataChannelServer(SslContext serverTls, int port) {
        this.tls = serverTls != null;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<NioSocketChannel>() {
                    @Override
                    protected void initChannel(NioSocketChannel ch) {
                        if (serverTls != null) {
                            ch.pipeline().addLast(serverTls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                new PeerConnection());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).syncUninterruptibly().channel();
    }

    public static ScriptedDataChannelServer start() {
        return new ScriptedDataChannelServer(null, 0);
    }

    /** Listens on a given loopback port (to appear where a client already tries to connect). */
    public static ScriptedDataChannelServer startOn(int port) {
        return new ScriptedDataChannelServer(null, port);
    }

    /** The same over TLS ({@code wss://}) with the given server context. */
    public static ScriptedDataChannelServer startTls(SslContext serverTls) {
        return new ScriptedDataChannelServer(serverTls, 0);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** A StreamUrl on this server, in the form the service hands out. */
    public String streamUrl(String sessionId, String cellNumber) {
        return (tls ? "wss" : "ws") + "://127.0.0.1:" + port() + "/v1/data-channel/" + sessionId + "?role=publish_subscribe&cell-number="
                + cellNumber;
    }

    /** The next upgraded connection, or null after {@code timeout}. */
    public PeerConnection nextConnection(Duration timeout) throws InterruptedException {
        return connections.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One client connection: what it sent, and a way to answer. */
    public final class PeerConnection extends SimpleChannelInboundHandler<Object> {
        private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> pings = new LinkedBlockingQueue<>();
        private volatile Channel channel;
        private volatile String uri;
        private volatile HttpHeaders headers;
        private volatile boolean closed;

        /** The request target of the upgrade (path and raw query). */
        public String uri() {
            return uri;
        }

        public HttpHeaders headers() {
            return headers;
        }

        /** The next text message, or null after {@code timeout}. */
        public String nextText(Duration timeout) throws InterruptedException {
            Object next = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (next != null && !(next instanceof String)) {
                throw new AssertionError("expected a text message, got a binary one");
            }
            return (String) next;
        }

        /** The next binary message, or null after {@code timeout}. */
        public byte[] nextBinary(Duration timeout) throws InterruptedException {
            Object next = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (next != null && !(next instanceof byte[])) {
                throw new AssertionError("expected a binary message, got text: " + next);
            }
            return (byte[]) next;
        }

        /** The payload of the next websocket ping, or null after {@code timeout}. */
        public String nextPing(Duration timeout) throws InterruptedException {
            return pings.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        public void send(byte[] frame) {
            channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)));
        }

        /** Closes the TCP connection without a close frame, as the service does. */
        public void dropTcp() {
            channel.close().syncUninterruptibly();
        }

        public boolean isClosed() {
            return closed;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest request) {
                channel = ctx.channel();
                uri = request.uri();
                headers = request.headers().copy();
                WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                        "ws://127.0.0.1" + request.uri(), null, false, 1 << 20).newHandshaker(request);
                handshaker.handshake(ctx.channel(), request).addListener(f -> connections.add(this));
            } else if (msg instanceof TextWebSocketFrame text) {
                received.add(text.text());
            } else if (msg instanceof BinaryWebSocketFrame binary) {
                received.add(ByteBufUtil.getBytes(binary.content()));
            } else if (msg instanceof PingWebSocketFrame ping) {
                pings.add(ping.content().toString(java.nio.charset.StandardCharsets.US_ASCII));
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof WebSocketFrame) {
                // pongs and close frames: nothing to record
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed = true;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a client that refused the certificate, or went away: the test looks at the client
        }
    }
}
