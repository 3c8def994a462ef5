package dev.warden.client.port;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The local TCP listener of a port session: accepts connections on the loopback address (or the one the caller chose) and hands each to the
 * forwarder as a {@link TcpLocalEnd}. Everything (listener and connections) runs on the session's event loop, so
 * no state is shared across threads.
 */
final class PortListener {

    private final Channel server;

    private PortListener(Channel server) {
        this.server = server;
    }

    /** Binds on {@code port} of {@code address}; completes on the event loop. */
    static CompletableFuture<PortListener> bind(EventLoop loop, InetAddress address, int port,
                                                PortForwarder forwarder) {
        CompletableFuture<PortListener> bound = new CompletableFuture<>();
        new ServerBootstrap()
                .group(loop, loop)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<NioSocketChannel>() {
                    @Override
                    protected void initChannel(NioSocketChannel ch) {
                        ch.pipeline().addLast(new TcpLocalEnd(forwarder));
                    }
                })
                .bind(new InetSocketAddress(address, port))
                .addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        bound.complete(new PortListener(f.channel()));
                    } else {
                        bound.completeExceptionally(f.cause());
                    }
                });
        return bound;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    void close() {
        server.close();
    }
}
