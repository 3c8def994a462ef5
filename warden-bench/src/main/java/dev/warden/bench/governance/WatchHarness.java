package dev.warden.bench.governance;

import dev.warden.bench.e2e.Options;
import dev.warden.governance.Governance;
import dev.warden.governance.alert.Alerter;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.events.ApiKey;
import dev.warden.governance.events.CloudTrailEvents;
import dev.warden.governance.events.EventEndpoint;
import dev.warden.governance.events.SessionEvent;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.watch.SessionWatch;
import dev.warden.governance.watch.WatchListener;
import dev.warden.governance.watch.WatchServer;
import dev.warden.governance.watch.WatchSettings;
import dev.warden.governance.watch.WatchedSession;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The watch benchmark: {@code warden govern watch}'s engine ({@link SessionWatch}) against an in-process sandbox
 * with the estate of {@link GovernancePassHarness} (10 accounts × 5 regions, 1,000 instances, 10 % prod), the
 * sandbox delivering the CloudTrail event of every call to watch's events endpoint over HTTP, as an EventBridge
 * API destination would. {@code sessions} sessions are opened through the SDK while the shared clock stands
 * {@code 60 min − limitIn} behind: each prod session reaches its 60-minute maximum {@code limitIn} after it
 * started. Measured:
 *
 * <ul>
 *   <li>event-to-action lag: from each session's StartDate to the moment watch has set its timers (the sandbox's
 *       delivery, the endpoint, the store's deduplication, DescribeSessions and ListTagsForResource);</li>
 *   <li>time to terminate, limit to confirmed end, of every prod session, with all sessions active around it.</li>
 * </ul>
 *
 * Usage: {@code java -cp warden-bench/target/benchmarks.jar dev.warden.bench.governance.WatchHarness
 * [--sessions 10000] [--limit-in 120] [--timer-threads 4] [--accounts 10] [--regions 5] [--instances-per-pair 20]
 * [--prod-share 0.1] [--start-threads 8]}.
 */
public final class WatchHarness {

    private static final Map<String, String> DEFAULTS = Map.of("--accounts", "10", "--regions", "5",
            "--sessions", "10000", "--instances-per-pair", "20", "--prod-share", "0.1", "--start-threads", "8",
            "--limit-in", "120", "--timer-threads", "4");
    private static final String KEY = "bench-events-key";

    private WatchHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Options.parse(args, DEFAULTS);
        QuietLogging.apply();
        GovernedFleet fleet = new GovernedFleet(Integer.parseInt(o.get("--accounts")),
                Integer.parseInt(o.get("--regions")), Integer.parseInt(o.get("--instances-per-pair")),
                Double.parseDouble(o.get("--prod-share")), false);
        int sessions = Integer.parseInt(o.get("--sessions"));
        Duration limitIn = Duration.ofSeconds(Long.parseLong(o.get("--limit-in")));
        Path dir = Files.createTempDirectory("warden-watchbench");
        System.out.printf("watch: %d pairs, %d instances, %d sessions, prod limits %d s after each start, SQLite%n",
                fleet.accounts() * fleet.regions(), fleet.accounts() * fleet.regions() * fleet.instancesPerPair(),
                sessions, limitIn.toSeconds());

        // The sandbox's clock stands behind while the sessions start (their StartDate is backdated), watch runs on
        // the system clock: the two agree again before the first limit, so every EndDate is real time.
        ShiftableClock sandboxClock = new ShiftableClock();
        Clock clock = Clock.systemUTC();
        Duration backdate = Duration.ofMinutes(60).minus(limitIn);
        AtomicReference<SessionWatch> watchRef = new AtomicReference<>();
        // When each StartSession reached watch's endpoint: the lag splits into the delivery and watch's handling.
        Map<String, Instant> received = new ConcurrentHashMap<>();
        List<Duration> toTerminate = Collections.synchronizedList(new ArrayList<>());
        try (WatchServer server = WatchServer.start("127.0.0.1", 0, routes -> new EventEndpoint("x-api-key",
                ApiKey.of(KEY), body -> {
                    Instant now = clock.instant();
                    CloudTrailEvents.parse(body).flatMap(SessionEvent::sessionId)
                            .ifPresent(id -> received.putIfAbsent(id, now));
                    return watchRef.get().offer(body);
                }).register(routes, "/events"));
             Sandbox sandbox = Sandbox.start(SandboxConfigLoader.fromYaml(fleet.sandboxYaml() + "events: {http: {url: \""
                     + server.uri() + "/events\", headerName: x-api-key, headerValue: " + KEY + "}}\n",
                     "watchbench.yaml"), sandboxClock);
             AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                     sandbox.accessKeyId(), sandbox.secretAccessKey())), Optional.of(sandbox.endpoint()));
             GovernanceStore store = GovernanceStore.open(dir.resolve("watch.db").toString())) {
            Policy policy = PolicyLoader.parse(fleet.policyYaml(), "watchbench-policy.yaml");
            Governance governance = new Governance(aws, new AuditTrail(store, clock), clock, Duration.ofSeconds(30),
                    new Alerter(aws, 1, Duration.ofMillis(10)));
            WatchListener listener = new WatchListener() {
                @Override
                public void terminated(String tier, TerminationOutcome outcome) {
                    if (outcome.status() == TerminationOutcome.Status.TERMINATED) {
                        outcome.timeToTerminate().ifPresent(toTerminate::add);
                    }
                }
            };
            // Passes only at start (an empty estate) and after the run: what is measured is the timers' work.
            try (SessionWatch watch = new SessionWatch(governance, aws, store, policy, clock,
                    new WatchSettings(Duration.ofHours(1), Integer.parseInt(o.get("--timer-threads"))), listener)) {
                watchRef.set(watch);
                watch.start();
                long t0 = System.nanoTime();
                sandboxClock.advance(backdate.negated());
                int prod = fleet.openSessions(aws, policy.scope().accounts(), sessions,
                        Integer.parseInt(o.get("--start-threads")));
                sandboxClock.advance(backdate);
                double opening = (System.nanoTime() - t0) / 1e9;
                System.out.printf("opened %d sessions (%d prod) with StartSession in %.1f s%n", sessions, prod,
                        opening);
                if (opening >= limitIn.toSeconds()) {
                    System.out.println("WARNING: opening took longer than --limit-in: some limits passed before the"
                            + " sandbox's clock was set right; give a larger --limit-in");
                }
                long deadline = System.nanoTime() + limitIn.plusMinutes(5).toNanos();
                while (toTerminate.size() < prod && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                List<Duration> lags = new ArrayList<>();
                List<Duration> delivery = new ArrayList<>();
                List<Duration> handling = new ArrayList<>();
                for (WatchedSession s : watch.watchedSessions().all()) {
                    Instant started = s.startDate().plus(backdate);
                    lags.add(Duration.between(started, s.trackedAt()));
                    Instant in = received.get(s.key().sessionId());
                    if (in != null) {
                        delivery.add(Duration.between(started, in));
                        handling.add(Duration.between(in, s.trackedAt()));
                    }
                }
                System.out.printf("event-to-action lag (StartDate to timers set), %d sessions still active: %s%n",
                        lags.size(), percentiles(lags));
                System.out.printf("  of which the sandbox's delivery (StartDate to the endpoint): %s%n",
                        percentiles(delivery));
                System.out.printf("  and watch's handling (the endpoint to timers set): %s%n", percentiles(handling));
                System.out.printf("time to terminate (limit to confirmed end), %d of %d prod sessions: %s%n",
                        toTerminate.size(), prod, percentiles(toTerminate));
            }
        }
    }

    /** p50, p99 and max (nearest rank), in milliseconds. */
    private static String percentiles(List<Duration> values) {
        if (values.isEmpty()) {
            return "none";
        }
        List<Long> ms = new ArrayList<>(values.stream().map(Duration::toMillis).sorted().toList());
        return String.format("p50 %d ms, p99 %d ms, max %d ms", rank(ms, 0.50), rank(ms, 0.99), ms.get(ms.size() - 1));
    }

    private static long rank(List<Long> sorted, double p) {
        return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
    }
}
