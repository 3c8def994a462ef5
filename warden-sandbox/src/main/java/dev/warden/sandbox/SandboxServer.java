package dev.warden.sandbox;

import dev.warden.sandbox.auth.CredentialStore;
import dev.warden.sandbox.auth.SignedHttpRequest;
import dev.warden.sandbox.auth.SigV4Verifier;
import dev.warden.sandbox.config.SandboxConfig;
import dev.warden.sandbox.faults.ApiThrottling;
import dev.warden.sandbox.events.CloudTrailRecording;
import dev.warden.sandbox.events.EventBus;
import dev.warden.sandbox.fleet.AccountRegion;
import dev.warden.sandbox.fleet.Fleet;
import dev.warden.sandbox.kms.KmsApi;
import dev.warden.sandbox.protocol.ApiCallCounts;
import dev.warden.sandbox.protocol.ApiDispatcher;
import dev.warden.sandbox.protocol.ApiResponse;
import dev.warden.sandbox.session.SessionRegistry;
import dev.warden.sandbox.session.StreamUrls;
import dev.warden.sandbox.logs.LogGroups;
import dev.warden.sandbox.logs.LogsApi;
import dev.warden.sandbox.s3.Buckets;
import dev.warden.sandbox.s3.S3Api;
import dev.warden.sandbox.sns.SnsApi;
import dev.warden.sandbox.sqs.Queues;
import dev.warden.sandbox.sqs.SqsApi;
import dev.warden.sandbox.sns.SnsTopics;
import dev.warden.sandbox.ssm.SsmRegions;
import dev.warden.sandbox.ssm.document.DocumentStore;
import dev.warden.sandbox.sts.StsApi;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's control plane: one Javalin app on 127.0.0.1 answering SSM, KMS, STS, SNS and CloudWatch Logs on
 * {@code POST /} and S3 (path-style) on {@code GET|HEAD /<bucket>}
 * for every configured account and region (the caller's credentials pick the account, the signature's scope
 * the region),
 * plus the shared state the data plane works with ({@link #sessions()}, {@link #credentials()},
 * {@link #verifier()}, {@link #fleet()}, {@link #kms()}).
 *
 * <pre>{@code
 * try (SandboxServer sandbox = SandboxServer.builder(SandboxConfig.defaults()).build()) {
 *     URI endpoint = sandbox.start();          // http://127.0.0.1:<port>
 *     ...
 * }
 * }</pre>
 *
 * Seams for the data plane: {@link Builder#streamUrlBase} sets the base of issued StreamUrls (by default
 * this server's own {@code ws://127.0.0.1:<port>}), and {@link Builder#additionalRoutes} adds routes (e.g. a
 * websocket handler) to the same Javalin app.
 */
public final class SandboxServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);
    /** Marks a request a route answered, so that an answer of 404 is not taken for an unknown path. */
    private static final String ANSWERED = "warden.answered";

    private final SandboxConfig config;
    private final Clock clock;
    private final CredentialStore credentials = new CredentialStore();
    private final SigV4Verifier verifier;
    private final Fleet fleet;
    private final SsmRegions ssm;
    private final SnsTopics sns;
    private final LogGroups logGroups;
    private final Queues queues;
    private final EventBus events;
    private final Buckets buckets;
    private final S3Api s3;
    private final SessionRegistry sessions;
    private final KmsApi kms;
    private final ApiThrottling throttling;
    private final ApiDispatcher dispatcher;
    private final Consumer<RoutesConfig> additionalRoutes;
    private Javalin app;
    private ScheduledExecutorService enforcer;
    private volatile URI endpoint;

    private SandboxServer(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.additionalRoutes = b.additionalRoutes;
        credentials.registerAll(config.credentials());
        this.verifier = new SigV4Verifier(credentials, clock, Set.copyOf(config.regions()), config.allowedClockSkew());
        this.fleet = new Fleet(config.fleet(), config.home());
        this.sessions = new SessionRegistry(clock, config.session().tokenLifetime(), config.session().timeoutUnit());
        this.kms = new KmsApi(config.kmsKeys(), config.region(), config.accountId());
        this.throttling = new ApiThrottling(config.apiFaults());
        Supplier<URI> base = b.streamUrlBase != null ? b.streamUrlBase
                : config.streamUrlBase().<Supplier<URI>>map(uri -> () -> uri).orElse(this::ownWebsocketBase);
        this.sns = new SnsTopics(config.resources().snsTopics());
        this.ssm = new SsmRegions(sessions, fleet, new StreamUrls(base), config.session().preferences(), clock);
        this.buckets = new Buckets(config.resources().buckets());
        this.s3 = new S3Api(buckets, verifier);
        this.queues = new Queues(clock);
        this.logGroups = new LogGroups(config.resources().logGroups(), clock.instant());
        this.events = new EventBus(config.resources().events(), queues, config.home(), clock,
                config.apiFaults().seed());
        this.dispatcher = new ApiDispatcher(verifier, clock, List.of(CloudTrailRecording.recording(ssm.service(),
                        events), kms.service(),
                        LogsApi.create(logGroups, sessions, fleet, clock), SqsApi.create(queues, this::endpoint)),
                List.of(StsApi.create(credentials, config.sts(), config.accounts(), config.accountId(), clock),
                        SnsApi.create(sns, clock)), config.expiredTokenStatus(), throttling);
    }

    public static Builder builder(SandboxConfig config) {
        return new Builder(config);
    }

    /** Binds 127.0.0.1 on the configured port (0: a free one) and returns {@code http://127.0.0.1:<port>}. */
    public synchronized URI start() {
        if (app != null) {
            return endpoint;
        }
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jetty.host = "127.0.0.1";
            c.jetty.port = config.port();
            // The Date header comes from the sandbox clock (the SDK corrects clock skew from it), not Jetty's.
            c.jetty.modifyHttpConfiguration(http -> {
                http.setSendDateHeader(false);
                http.setSendServerVersion(false);
            });
            c.routes.post("/", this::handle);
            c.routes.get("/{bucket}", this::handleS3);
            c.routes.head("/{bucket}", this::handleS3);
            c.routes.error(404, this::handleUnrouted);
            c.routes.error(405, this::handleUnrouted);
            c.routes.exception(Exception.class, (e, ctx) -> {
                LOG.warn("Unhandled failure on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).contentType("application/x-amz-json-1.1")
                        .result("{\"__type\":\"InternalFailure\",\"message\":\"An internal error occurred.\"}");
            });
            additionalRoutes.accept(c.routes);
        }).start();
        endpoint = URI.create("http://127.0.0.1:" + app.port());
        startEnforcement();
        LOG.info("Sandbox control plane listening on {}", endpoint);
        return endpoint;
    }

    /** Stops the server and the session timers; the state (sessions, credentials) stays readable. */
    public synchronized void stop() {
        if (enforcer != null) {
            enforcer.shutdownNow();
            enforcer = null;
        }
        if (app != null) {
            app.stop();
            app = null;
        }
    }

    /** Stops the server for good, the delivery of events too. */
    @Override
    public void close() {
        stop();
        events.close();
    }

    /** The bound endpoint, {@code http://127.0.0.1:<port>}; null before {@link #start()}. */
    public URI endpoint() {
        return endpoint;
    }

    public SandboxConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public CredentialStore credentials() {
        return credentials;
    }

    /** Verifies SigV4 on websocket upgrades too: {@code verifier().verify(request, "ssmmessages")}. */
    public SigV4Verifier verifier() {
        return verifier;
    }

    /** Every instance, of every account and region. */
    public Fleet fleet() {
        return fleet;
    }

    /** The documents of the sandbox's own account and region. */
    public DocumentStore documents() {
        return ssm.documents(config.home());
    }

    /** The documents of {@code accountRegion} (each account and region has its own session preferences). */
    public DocumentStore documents(AccountRegion accountRegion) {
        return ssm.documents(accountRegion);
    }

    /** The emulated KMS, for the emulated agent's Decrypt of the client's data key. */
    public KmsApi kms() {
        return kms;
    }

    /** The S3 buckets (global names, each with its account and region). */
    public Buckets buckets() {
        return buckets;
    }

    /** The EventBridge events of SSM calls, and their delivery to the configured targets. */
    public EventBus events() {
        return events;
    }

    /** The SQS queues of every account and region. */
    public Queues queues() {
        return queues;
    }

    /** The CloudWatch Logs groups of every account and region. */
    public LogGroups logGroups() {
        return logGroups;
    }

    /** The SNS topics and the messages published to them. */
    public SnsTopics sns() {
        return sns;
    }

    /** How many authenticated API calls each operation has received. */
    public ApiCallCounts apiCalls() {
        return dispatcher.calls();
    }

    /** The throttling fault of the JSON APIs, changeable while the sandbox runs. */
    public ApiThrottling throttling() {
        return throttling;
    }

    private void handle(Context ctx) {
        ApiResponse response = dispatcher.handle(toSignedRequest(ctx));
        ctx.status(response.status());
        response.headers().forEach(ctx::header);
        ctx.contentType(response.contentType());
        ctx.result(response.body());
    }

    /** Requests no route took (Javalin also calls this for a routed answer of 404, which must stay as it is). */
    private void handleUnrouted(Context ctx) {
        if (ctx.attribute(ANSWERED) == null) {
            handle(ctx);
        }
    }

    private void handleS3(Context ctx) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ApiResponse response = s3.handle(toSignedRequest(ctx), ctx.pathParam("bucket"));
        ctx.status(response.status());
        response.headers().forEach(ctx::header);
        ctx.header("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atOffset(ZoneOffset.UTC)));
        ctx.contentType(response.contentType());
        ctx.result(response.body());
    }

    private static SignedHttpRequest toSignedRequest(Context ctx) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.put(name, Collections.list(ctx.req().getHeaders(name)));
        }
        return new SignedHttpRequest(ctx.method().name(), ctx.req().getRequestURI(), ctx.queryString(), headers,
                ctx.bodyAsBytes());
    }

    private URI ownWebsocketBase() {
        URI http = Objects.requireNonNull(endpoint, "the sandbox has not been started");
        return URI.create("ws://" + http.getHost() + ":" + http.getPort());
    }

    private void startEnforcement() {
        Duration interval = config.session().enforcementInterval();
        if (interval.isZero()) {
            return;
        }
        enforcer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-session-timeouts");
            t.setDaemon(true);
            return t;
        });
        enforcer.scheduleWithFixedDelay(() -> {
            try {
                sessions.terminateOverdue();
            } catch (RuntimeException e) {
                LOG.warn("Session timeout enforcement failed", e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Builds a {@link SandboxServer}. */
    public static final class Builder {
        private final SandboxConfig config;
        private Clock clock = Clock.systemUTC();
        private Supplier<URI> streamUrlBase;
        private Consumer<RoutesConfig> additionalRoutes = routes -> { };

        private Builder(SandboxConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The sandbox clock (signature skew, credential expiry, session dates, timeouts). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Base of issued StreamUrls, e.g. the data plane's {@code ws://127.0.0.1:<port>}; asked per session. */
        public Builder streamUrlBase(Supplier<URI> value) {
            this.streamUrlBase = Objects.requireNonNull(value, "streamUrlBase");
            return this;
        }

        /** Extra routes on the same Javalin app (e.g. the data channel's websocket). */
        public Builder additionalRoutes(Consumer<RoutesConfig> value) {
            this.additionalRoutes = Objects.requireNonNull(value, "additionalRoutes");
            return this;
        }

        public SandboxServer build() {
            return new SandboxServer(this);
        }
    }
}
