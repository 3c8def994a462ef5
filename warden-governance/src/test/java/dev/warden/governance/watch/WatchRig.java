package dev.warden.governance.watch;

import dev.warden.governance.Governance;
import dev.warden.governance.alert.Alerter;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.events.ApiKey;
import dev.warden.governance.events.EventEndpoint;
import dev.warden.governance.events.SqsEventSource;
import dev.warden.governance.metrics.WatchMetrics;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.GovernedSandbox;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditRecord;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.RecordKind;
import dev.warden.sandbox.testing.SandboxFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Session;
import software.amazon.awssdk.services.ssm.model.SessionFilter;
import software.amazon.awssdk.services.ssm.model.SessionFilterKey;
import software.amazon.awssdk.services.ssm.model.SessionState;

/**
 * Watch against the sandbox, with real parts only: its events endpoint listening (started first, so that the
 * sandbox can be told where to deliver), the sandbox (its events switched on or off), the store, the engine, a
 * local webhook for alerts. Watch runs on the system clock; sessions are backdated by moving the sandbox's clock
 * back only while they start, so that the two clocks agree on everything else.
 */
final class WatchRig implements AutoCloseable {

    static final String API_KEY = "test-events-key-7f3a";
    static final String QUEUE = "ssm-events";
    /** The prod tier's maximum in {@link #policy}. */
    static final Duration PROD_MAX = Duration.ofMinutes(60);

    final AlertReceiver alerts = new AlertReceiver();
    final AtomicReference<SessionWatch> watch = new AtomicReference<>();
    /** Set once the policy is read; the listener is up before, so it reaches them through this. */
    final AtomicReference<WatchMetrics> metrics = new AtomicReference<>();
    final WatchServer server;
    final SandboxFixture sandbox;
    final AwsAccess aws;
    final GovernanceStore store;
    final AuditTrail trail;
    final Governance governance;
    final Policy policy;
    final SsmClient ssm;
    private SqsEventSource queue;
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * @param events the sandbox's {@code events:} configuration (where {@code %s} is the endpoint's URL), or empty
     *               for none
     */
    WatchRig(Path dir, StoreKind storeKind, String events) {
        this(dir, storeKind, events, "");
    }

    /** @param moreAlerts more members of the policy's {@code alerts} (after its webhook), e.g. SNS topics */
    WatchRig(Path dir, StoreKind storeKind, String events, String moreAlerts) {
        server = WatchServer.start("127.0.0.1", 0, routes -> {
            new EventEndpoint("x-api-key", ApiKey.of(API_KEY), body -> watch.get().offer(body))
                    .register(routes, "/events");
            routes.get("/metrics", ctx -> ctx.contentType(WatchMetrics.CONTENT_TYPE).result(metrics.get().scrape()));
        });
        sandbox = GovernedSandbox.start(events.isEmpty() ? "" : events.formatted(server.uri() + "/events"));
        aws = new AwsAccess(StaticCredentialsProvider.create(SandboxFixture.ALICE), Optional.of(sandbox.endpoint()));
        store = storeKind.open(dir);
        Clock clock = Clock.systemUTC();
        trail = new AuditTrail(store, clock);
        policy = PolicyLoader.parse("""
                scope: {accounts: [{id: "123456789012"}], regions: [us-east-1]}
                tiers:
                  - {name: prod, match: {Environment: prod}, idleMinutes: 15, maxMinutes: 60}
                defaultTier: {idleMinutes: 20, maxMinutes: 120}
                warningLeadMinutes: 1
                alerts: {webhook: "%s"%s}
                """.formatted(alerts.url(), moreAlerts), "watch-policy.yaml");
        metrics.set(new WatchMetrics(policy));
        governance = new Governance(aws, trail, clock, Duration.ofSeconds(30),
                new Alerter(aws, 2, Duration.ofMillis(10), metrics.get()::alertOutcome));
        ssm = sandbox.ssm();
    }

    /** Starts watch (its first pass at once) with this pass interval. */
    SessionWatch startWatch(Duration passInterval) {
        return startWatch(new WatchSettings(passInterval, 4));
    }

    /** Starts watch (its first pass at once) so; it becomes the watch that the endpoint and the queue feed. */
    SessionWatch startWatch(WatchSettings settings) {
        SessionWatch w = new SessionWatch(governance, aws, store, policy, Clock.systemUTC(), settings, metrics.get());
        metrics.get().gaugeSessions(w.watchedSessions());
        watch.set(w);
        w.start();
        return w;
    }

    /** Also takes events from the sandbox's queue. */
    void readQueue() {
        queue = new SqsEventSource(aws.sqs("us-east-1"), sandbox.endpoint() + "/" + GovernedSandbox.ACCOUNT + "/" + QUEUE,
                body -> watch.get().offer(body), Duration.ofSeconds(1));
        queue.start();
    }

    /** Starts a session on {@code target} that reaches the prod maximum {@code untilLimit} from now. */
    String startProdSessionReachingLimitIn(String target, Duration untilLimit) {
        sandbox.clock().skew(untilLimit.minus(PROD_MAX));
        try {
            return ssm.startSession(r -> r.target(target)).sessionId();
        } finally {
            sandbox.clock().skew(Duration.ZERO);
        }
    }

    /** The session as the History lists it, once it ended. */
    Optional<Session> ended(String sessionId) {
        return ssm.describeSessions(r -> r.state(SessionState.HISTORY).filters(SessionFilter.builder()
                .key(SessionFilterKey.SESSION_ID).value(sessionId).build())).sessions().stream().findFirst();
    }

    List<AuditRecord> records(RecordKind kind, String sessionId) {
        return trail.records(kind, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")).stream()
                .filter(r -> sessionId.equals(r.subject().sessionId())).toList();
    }

    /** GETs the metrics page. */
    String scrapeMetrics() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() != 200 || !page.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")) {
            throw new IllegalStateException("/metrics answered " + page.statusCode() + " " + page.headers().map());
        }
        return page.body();
    }

    /** POSTs {@code body} to the events endpoint with {@code apiKey} (null: no header); returns the status. */
    int post(String body, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + "/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("x-api-key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() {
        if (queue != null) {
            queue.close();
        }
        if (watch.get() != null) {
            watch.get().close();
        }
        server.close();
        ssm.close();
        aws.close();
        sandbox.close();
        store.close();
        alerts.close();
    }
}
