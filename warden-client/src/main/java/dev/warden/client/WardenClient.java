package dev.warden.client;

import dev.warden.client.auth.UpgradeSigner;
import dev.warden.client.port.LocalPort;
import dev.warden.client.port.PortSession;
import dev.warden.client.port.PortSessions;
import dev.warden.client.resume.SessionApi;
import dev.warden.client.session.DataChannelSession;
import dev.warden.client.session.SessionEndedException;
import dev.warden.client.session.SessionHandlerFactory;
import dev.warden.client.session.SessionServices;
import dev.warden.client.shell.ShellListener;
import dev.warden.client.shell.ShellSession;
import dev.warden.client.shell.ShellSessions;
import dev.warden.client.transport.WebSocketConnector;
import dev.warden.protocol.payload.TerminalSize;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.StartSessionRequest;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The entry point of the client: starts Session Manager sessions (or takes over ones a StartSession call already
 * created, as the AWS CLI hands them to its plugin) and returns a handle per session. One client holds the event
 * loop, the SDK clients and the credentials provider that every session shares; close it when done.
 *
 * <pre>{@code
 * try (WardenClient client = WardenClient.builder().region("eu-west-1").build()) {
 *     PortSession session = client.startPortSession(StartSessionRequest.builder()
 *             .target("i-0123456789abcdef0").documentName("AWS-StartPortForwardingSession")
 *             .parameters(Map.of("portNumber", List.of("80"), "localPortNumber", List.of("8080"))).build(),
 *             LocalPort.asDocumentSays(), null).join();
 *     session.completion().join();
 * }
 * }</pre>
 *
 * <p>Credentials come from a provider that is asked again before every ResumeSession, KMS call and websocket
 * upgrade, never from a snapshot, so refreshable credentials keep a session alive past their own expiry
 * (client-protocol.md §9). Thread-safe.
 */
public final class WardenClient implements AutoCloseable {

    private final ClientOptions options;
    private final SsmClient ssm;
    private final LazyKmsClient kms;
    private final boolean ownsSdkClients;
    private final EventLoopGroup loops;
    private final ExecutorService blocking;
    private final SessionServices services;
    /** Whether the data channel will likely use TLS: the service's stream URLs are wss: unless SSM is plain http. */
    private final boolean tlsExpected;
    private final Set<DataChannelSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private WardenClient(Builder b) {
        this.options = b.options;
        AwsCredentialsProvider credentials = b.credentials != null ? b.credentials
                : DefaultCredentialsProvider.builder().build();
        if (b.ssm != null) {
            this.ssm = b.ssm;
            KmsClient given = b.kms;
            this.kms = new LazyKmsClient(() -> given);
            this.ownsSdkClients = false;
        } else {
            // No SDK retries: the resume loop retries ResumeSession itself, with backoff, a deadline and typed
            // failures, and must see each rejection at once (a retried 403 is the storm of client-protocol.md §9).
            this.ssm = SsmClient.builder().region(Region.of(b.region)).credentialsProvider(credentials)
                    .httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .applyMutation(c -> {
                        if (b.ssmEndpoint != null) {
                            c.endpointOverride(b.ssmEndpoint); // the SSM client only: credential providers keep theirs
                        }
                    }).build();
            this.kms = new LazyKmsClient(() -> KmsClient.builder().region(Region.of(b.region))
                    .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                    .applyMutation(c -> {
                        if (b.kmsEndpoint != null) {
                            c.endpointOverride(b.kmsEndpoint);
                        }
                    }).build());
            this.ownsSdkClients = true;
        }
        this.tlsExpected = b.ssmEndpoint == null || !"http".equalsIgnoreCase(b.ssmEndpoint.getScheme());
        this.loops = new MultiThreadIoEventLoopGroup(b.eventLoopThreads,
                new DefaultThreadFactory("warden-session", true), NioIoHandler.newFactory());
        this.blocking = Executors.newCachedThreadPool(new DefaultThreadFactory("warden-blocking", true));
        this.services = new SessionServices(options, new SessionApi(ssm, credentials), kms,
                new WebSocketConnector(options.webSocket()), new UpgradeSigner(b.region), blocking,
                UUID.randomUUID());
    }

    public static Builder builder() {
        return new Builder();
    }

    public ClientOptions options() {
        return options;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Port sessions

    /** Calls StartSession, then runs the session as a port session. The future fails if it does not get going. */
    public CompletableFuture<PortSession> startPortSession(StartSessionRequest request, LocalPort local,
                                                           SessionListener listener) {
        return startSession(request).thenCompose(started ->
                attachPortSession(started, request.target(), local, listener));
    }

    /**
     * Forwards to {@code remotePort} on {@code target} itself (AWS-StartPortForwardingSession): connect to
     * {@link PortSession#localAddress()} when {@code local} listens, or call {@link PortSession#openStream()}.
     *
     * @param target an instance id (i-…, mi-…)
     */
    public CompletableFuture<PortSession> forward(String target, int remotePort, LocalPort local) {
        return startPortSession(StartSessionRequest.builder().target(target)
                .documentName("AWS-StartPortForwardingSession")
                .parameters(Map.of("portNumber", List.of(String.valueOf(remotePort)))).build(), local, null);
    }

    /**
     * Forwards to {@code remoteHost:remotePort} reached through {@code target}
     * (AWS-StartPortForwardingSessionToRemoteHost), e.g. a database endpoint in the instance's VPC.
     *
     * @param target an instance id (i-…, mi-…)
     */
    public CompletableFuture<PortSession> forward(String target, String remoteHost, int remotePort, LocalPort local) {
        return startPortSession(StartSessionRequest.builder().target(target)
                .documentName("AWS-StartPortForwardingSessionToRemoteHost")
                .parameters(Map.of("host", List.of(remoteHost), "portNumber", List.of(String.valueOf(remotePort))))
                .build(), local, null);
    }

    /**
     * Runs a session that StartSession already created (for example the response the AWS CLI hands to its
     * plugin) as a port session.
     *
     * @param targetId the StartSession target (used for KMS encryption contexts); may be null for port sessions
     */
    public CompletableFuture<PortSession> attachPortSession(SessionCoordinates started, String targetId,
                                                            LocalPort local, SessionListener listener) {
        PortSessions setup = new PortSessions(local);
        return run(started, targetId, listener, setup, setup.ready());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Shell sessions

    /** Calls StartSession, then runs the session as a shell (or command) session. */
    public CompletableFuture<ShellSession> startShellSession(StartSessionRequest request, ShellListener output,
                                                             TerminalSize initialSize, SessionListener listener) {
        return startSession(request).thenCompose(started ->
                attachShellSession(started, request.target(), output, initialSize, listener));
    }

    /** Runs a session that StartSession already created as a shell (or command) session. */
    public CompletableFuture<ShellSession> attachShellSession(SessionCoordinates started, String targetId,
                                                              ShellListener output, TerminalSize initialSize,
                                                              SessionListener listener) {
        ShellSessions setup = new ShellSessions(output, initialSize);
        return run(started, targetId, listener, setup, setup.ready());
    }

    // ---------------------------------------------------------------------------------------------------------

    /** StartSession off the caller's thread; fails with the SDK's exception. */
    public CompletableFuture<SessionCoordinates> startSession(StartSessionRequest request) {
        Objects.requireNonNull(request, "request");
        requireOpen();
        // While StartSession is on its way (a network round trip), the first connection's set-up is done beside it.
        blocking.execute(() -> services.connector().prepare(tlsExpected));
        return CompletableFuture.supplyAsync(() -> {
            StartSessionResponse response = services.api().start(request);
            return new SessionCoordinates(response.sessionId(), response.tokenValue(), response.streamUrl());
        }, blocking);
    }

    /**
     * Runs a session whose handler {@code factory} makes once the type is known; {@code handle} is the factory's
     * promise of the caller's handle, failed here if the session ends before it is kept.
     */
    private <T extends SessionHandle> CompletableFuture<T> run(SessionCoordinates started, String targetId,
                                                               SessionListener listener,
                                                               SessionHandlerFactory factory,
                                                               CompletableFuture<T> handle) {
        Objects.requireNonNull(started, "started");
        requireOpen();
        DataChannelSession session = new DataChannelSession(loops.next(), services, started, targetId, listener,
                factory);
        sessions.add(session);
        session.completion().thenAccept(end -> {
            sessions.remove(session);
            handle.completeExceptionally(new SessionEndedException(end)); // no effect once the handle was given
        });
        session.start();
        return handle;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
    }

    /** Ends every running session ({@link SessionEnd.Reason#CLIENT_SHUT_DOWN}) and releases the threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DataChannelSession session : sessions) {
            session.abort(SessionEnd.of(SessionEnd.Reason.CLIENT_SHUT_DOWN,
                    "Session " + session.id() + " ended: the client was closed."));
        }
        for (DataChannelSession session : sessions) {
            try {
                session.completion().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // shutting down regardless
            }
        }
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownNow();
        if (ownsSdkClients) {
            ssm.close();
            kms.close();
        }
    }

    /** Builds a {@link WardenClient}. */
    public static final class Builder {
        private String region;
        private AwsCredentialsProvider credentials;
        private URI ssmEndpoint;
        private URI kmsEndpoint;
        private SsmClient ssm;
        private KmsClient kms;
        private ClientOptions options = ClientOptions.defaults();
        private int eventLoopThreads = 1;

        private Builder() {
        }

        /** The session's region: SDK calls and the data-channel signature use it (the plugin's argv[2]). */
        public Builder region(String value) {
            this.region = Objects.requireNonNull(value, "region");
            return this;
        }

        /** Where credentials come from; asked again before every call and upgrade. Default: the SDK's chain. */
        public Builder credentials(AwsCredentialsProvider value) {
            this.credentials = Objects.requireNonNull(value, "credentials");
            return this;
        }

        /** An SSM endpoint other than the region's (the plugin's argv[6]); applies to the SSM client only. */
        public Builder ssmEndpoint(URI value) {
            this.ssmEndpoint = value;
            return this;
        }

        public Builder kmsEndpoint(URI value) {
            this.kmsEndpoint = value;
            return this;
        }

        /**
         * SDK clients built by the caller (they stay the caller's to close). The credentials provider given here is
         * still the one used for ResumeSession and the data channel.
         */
        public Builder sdkClients(SsmClient ssmClient, KmsClient kmsClient) {
            this.ssm = Objects.requireNonNull(ssmClient, "ssmClient");
            this.kms = kmsClient;
            return this;
        }

        public Builder options(ClientOptions value) {
            this.options = Objects.requireNonNull(value, "options");
            return this;
        }

        /** Threads that run the sessions (each session stays on one). */
        public Builder eventLoopThreads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("eventLoopThreads must be at least 1");
            }
            this.eventLoopThreads = value;
            return this;
        }

        public WardenClient build() {
            if (region == null) {
                throw new IllegalStateException("region is required");
            }
            if (ssm != null && credentials == null) {
                throw new IllegalStateException("with caller-built SDK clients, give the credentials provider too");
            }
            return new WardenClient(this);
        }
    }
}
