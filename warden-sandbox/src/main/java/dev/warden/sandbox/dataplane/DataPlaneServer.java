package dev.warden.sandbox.dataplane;

import dev.warden.sandbox.SandboxServer;
import dev.warden.sandbox.agent.AgentSettings;
import dev.warden.sandbox.config.DataPlaneSettings;
import dev.warden.sandbox.faults.Faults;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ssmmessages} data plane: a plain-{@code ws} websocket server on 127.0.0.1 serving
 * {@code /v1/data-channel/<SessionId>} for the sessions of a {@link SandboxServer}, each with its emulated agent.
 * Start it before the control plane hands out StreamUrls ({@link #websocketBase()} is their base).
 */
public final class DataPlaneServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DataPlaneServer.class);
    /** The largest websocket message accepted; the official peers send about 1.2 KB. */
    static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    private static final int MAX_UPGRADE_REQUEST_BYTES = 64 * 1024;

    private final DataPlaneSettings settings;
    private final Faults faults;
    private final DataPlaneContext context;
    private final SessionHosts hosts;
    private final SandboxServer controlPlane;
    private EventLoopGroup loops;
    private Channel serverChannel;
    private volatile URI base;

    /**
     * @param controlPlane the sandbox whose sessions, credentials, fleet and KMS this data plane serves
     * @param faults       the live faults, shared with whoever changes them while the sandbox runs
     */
    public DataPlaneServer(SandboxServer controlPlane, Faults faults) {
        this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
        this.settings = controlPlane.config().dataPlane();
        this.faults = Objects.requireNonNull(faults, "faults");
        Path logDirectory = settings.sessionLogDirectory().orElseGet(DataPlaneServer::temporaryLogDirectory);
        this.hosts = new SessionHosts(controlPlane.fleet(), controlPlane.kms(), () -> new AgentSettings(
                settings.payloadSize(), settings.shellOutputDelay(), settings.handshakeTimeout(), logDirectory,
                java.util.Optional.empty()));
        this.context = new DataPlaneContext(controlPlane.sessions(), controlPlane.verifier(), controlPlane.clock(),
                faults, settings, hosts, new OpenConnections());
        hosts.bind(context);
    }

    /** Binds 127.0.0.1 on the configured port (0: a free one) and returns the websocket base URI. */
    public synchronized URI start() {
        if (serverChannel != null) {
            return base;
        }
        loops = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("sandbox-data-plane", true),
                NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("http", new HttpServerCodec());
                        ch.pipeline().addLast("http-aggregator", new HttpObjectAggregator(MAX_UPGRADE_REQUEST_BYTES));
                        ch.pipeline().addLast("upgrade", new UpgradeHandler(context));
                    }
                });
        try {
            serverChannel = bootstrap.bind("127.0.0.1", settings.port()).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the data plane", e);
        }
        controlPlane.sessions().addListener(hosts);
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        base = URI.create("ws://127.0.0.1:" + port);
        LOG.info("Sandbox data plane listening on {}", base);
        return base;
    }

    /** {@code ws://127.0.0.1:<port>}, the base of the StreamUrls; null before {@link #start()}. */
    public URI websocketBase() {
        return base;
    }

    public Faults faults() {
        return faults;
    }

    /** Number of sessions whose data channel has been opened and that have not ended. */
    public int liveSessions() {
        return hosts.all().size();
    }

    /** How many websocket connections of {@code sessionId} are open now (upgraded, token checked or not). */
    public int openConnections(String sessionId) {
        return context.connections().of(sessionId);
    }

    /** Stops accepting, ends every connection and agent. */
    @Override
    public synchronized void close() {
        if (serverChannel == null) {
            return;
        }
        controlPlane.sessions().removeListener(hosts);
        serverChannel.close().syncUninterruptibly();
        serverChannel = null;
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        loops = null;
    }

    /** The default folder of session logs; created only when a session writes one. */
    private static Path temporaryLogDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "warden-sandbox-session-logs");
    }
}
