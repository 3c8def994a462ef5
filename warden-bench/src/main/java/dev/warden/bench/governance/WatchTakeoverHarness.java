package dev.warden.bench.governance;

import dev.warden.bench.e2e.Options;
import dev.warden.governance.Governance;
import dev.warden.governance.alert.Alerter;
import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.lease.Lease;
import dev.warden.governance.lease.LeaseStore;
import dev.warden.governance.lease.LeaseUnits;
import dev.warden.governance.lease.PairShare;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.store.SessionFilter;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.watch.SessionWatch;
import dev.warden.governance.watch.WatchListener;
import dev.warden.governance.watch.WatchSettings;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.session.SessionListener;
import dev.warden.sandbox.session.SessionSnapshot;
import dev.warden.sandbox.session.Termination;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Watch replicas' take-over after a kill: two {@link SessionWatch} replicas on an embedded PostgreSQL share the
 * pairs of {@link GovernancePassHarness}'s estate (10 accounts × 5 regions) on leases, against an in-process
 * sandbox: the survivor in this JVM, the victim in a child JVM. {@code sessions} prod sessions are opened over all
 * pairs while the sandbox's clock stands behind, in {@code batches} batches whose limits (the 60-minute maximum)
 * fall evenly over {@code dueOver} seconds, the first {@code limitIn} after the first session was opened; once the
 * replicas' passes have found them all, the victim is killed with SIGKILL {@code killBefore} before the first
 * limit ({@code --batches 1}: the limits fall as fast as the sessions were opened). Measured: from the kill to the
 * survivor's take-over of each of the victim's pairs (the lease table, read every 10 ms), and from each session's
 * limit to its end in the sandbox, for the victim's pairs (ended by the survivor after the take-over) and the
 * survivor's own; and whether any session got more than one TerminateSession call.
 *
 * <p>Usage: {@code java -cp warden-bench/target/benchmarks.jar dev.warden.bench.governance.WatchTakeoverHarness
 * [--sessions 1000] [--lease-period-ms 10000] [--limit-in 40] [--due-over 20] [--batches 20]
 * [--kill-before-ms 1000] [--pass-interval-ms 5000] [--accounts 10] [--regions 5] [--instances-per-pair 2]
 * [--start-threads 8] [--timer-threads 4]}.
 */
public final class WatchTakeoverHarness {

    private static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("--accounts", "10"),
            Map.entry("--regions", "5"), Map.entry("--sessions", "1000"), Map.entry("--instances-per-pair", "2"),
            Map.entry("--start-threads", "8"), Map.entry("--timer-threads", "4"),
            Map.entry("--lease-period-ms", "10000"), Map.entry("--limit-in", "40"),
            Map.entry("--kill-before-ms", "1000"), Map.entry("--pass-interval-ms", "5000"),
            Map.entry("--due-over", "20"), Map.entry("--batches", "20"));
    private static final Duration MAXIMUM = Duration.ofMinutes(60);

    private WatchTakeoverHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Options.parse(args, DEFAULTS);
        QuietLogging.apply();
        // Every instance prod: every session comes due.
        GovernedFleet fleet = new GovernedFleet(Integer.parseInt(o.get("--accounts")),
                Integer.parseInt(o.get("--regions")), Integer.parseInt(o.get("--instances-per-pair")), 1.0, false);
        int sessions = Integer.parseInt(o.get("--sessions"));
        Duration period = Duration.ofMillis(Long.parseLong(o.get("--lease-period-ms")));
        Duration limitIn = Duration.ofSeconds(Long.parseLong(o.get("--limit-in")));
        Duration killBefore = Duration.ofMillis(Long.parseLong(o.get("--kill-before-ms")));
        Duration passInterval = Duration.ofMillis(Long.parseLong(o.get("--pass-interval-ms")));
        Duration dueOver = Duration.ofSeconds(Long.parseLong(o.get("--due-over")));
        int batches = Integer.parseInt(o.get("--batches"));
        int timerThreads = Integer.parseInt(o.get("--timer-threads"));
        Map<String, AccountRegion> pairOfInstance = pairsOfInstances(fleet);
        List<AccountRegion> pairs = pairOfInstance.values().stream().distinct().toList();
        System.out.printf("watch take-over: %d pairs, %d sessions, two replicas, lease period %d ms (leases of %d ms),"
                        + " PostgreSQL (embedded)%n", pairs.size(), sessions, period.toMillis(),
                PairShare.leaseTerm(period).toMillis());

        Path dir = Files.createTempDirectory("warden-takeoverbench");
        Path policyFile = Files.writeString(dir.resolve("policy.yaml"), fleet.policyYaml());
        Policy policy = PolicyLoader.parse(fleet.policyYaml(), policyFile.toString());
        ShiftableClock sandboxClock = new ShiftableClock();
        Clock clock = Clock.systemUTC();
        Map<String, Ended> ended = new ConcurrentHashMap<>();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Sandbox sandbox = Sandbox.start(SandboxConfigLoader.fromYaml(fleet.sandboxYaml(), "takeoverbench.yaml"),
                     sandboxClock)) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE takeover");
            }
            String url = pg.getJdbcUrl("postgres", "takeover");
            sandbox.controlPlane().sessions().addListener(new SessionListener() {
                @Override
                public void onTerminated(SessionSnapshot session, Termination termination) {
                    ended.put(session.sessionId(), new Ended(pairOfInstance.get(session.target()),
                            session.startDate().plus(MAXIMUM), session.endDate()));
                }
            });
            Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Victim.class.getName(), url,
                    sandbox.endpoint().toString(), sandbox.accessKeyId(), sandbox.secretAccessKey(),
                    policyFile.toString(), Long.toString(period.toMillis()), Long.toString(passInterval.toMillis()),
                    Integer.toString(timerThreads))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (GovernanceStore store = GovernanceStore.open(url);
                 AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                         sandbox.accessKeyId(), sandbox.secretAccessKey())), Optional.of(sandbox.endpoint()));
                 SessionWatch survivor = watch(store, aws, policy, clock, period, passInterval, timerThreads)) {
                survivor.start();
                LeaseStore leases = new LeaseStore(store);
                String victimPid = ":" + victim.pid() + ":";
                waitUntil(() -> heldBy(leases, pairs, victimPid).size() == pairs.size() / 2
                        && heldBy(leases, pairs, ":" + ProcessHandle.current().pid() + ":").size()
                        == pairs.size() - pairs.size() / 2, Duration.ofMinutes(2));

                Instant opening = Instant.now();
                Instant firstLimit = opening.plus(limitIn);
                Duration behind = Duration.ZERO;
                for (int b = 0; b < batches; b++) {
                    // Sessions started now reach their maximum at this batch's limit.
                    Instant limit = firstLimit.plus(dueOver.multipliedBy(b).dividedBy(Math.max(1, batches - 1)));
                    Duration offset = Duration.between(Instant.now(), limit).minus(MAXIMUM);
                    sandboxClock.advance(offset.minus(behind));
                    behind = offset;
                    fleet.openSessions(aws, policy.scope().accounts(), sessions / batches,
                            Integer.parseInt(o.get("--start-threads")));
                }
                sandboxClock.advance(behind.negated());
                System.out.printf("opened %d sessions in %.1f s, due %s%n", sessions / batches * batches,
                        Duration.between(opening, Instant.now()).toMillis() / 1e3, batches == 1
                                ? "as fast as they were opened" : "over " + dueOver.toSeconds() + " s");
                ActiveSessions live = new ActiveSessions(store);
                SessionFilter all = new SessionFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty());
                int opened = sessions / batches * batches;
                waitUntil(() -> live.page(all, 0, 1).total() == opened, limitIn);
                System.out.printf("the replicas' passes found every session %.1f s after the first was opened%n",
                        Duration.between(opening, Instant.now()).toMillis() / 1e3);

                Instant killAt = firstLimit.minus(killBefore);
                if (Instant.now().isAfter(killAt)) {
                    throw new IllegalStateException("the sessions were found too late to kill the victim before the"
                            + " first limit: give a larger --limit-in");
                }
                Set<AccountRegion> ofVictim = heldBy(leases, pairs, victimPid);
                Thread.sleep(Duration.between(Instant.now(), killAt).toMillis());
                Instant killed = Instant.now();
                victim.destroyForcibly();
                victim.waitFor();

                Map<AccountRegion, Instant> takenAt = new HashMap<>();
                Instant giveUp = killed.plus(period.multipliedBy(3));
                while (takenAt.size() < ofVictim.size() && Instant.now().isBefore(giveUp)) {
                    Map<String, String> holders = holders(store);
                    Instant now = Instant.now();
                    for (AccountRegion pair : ofVictim) {
                        String holder = holders.getOrDefault(LeaseUnits.pair(pair), victimPid);
                        if (!takenAt.containsKey(pair) && holder != null && !holder.contains(victimPid)) {
                            takenAt.put(pair, now);
                        }
                    }
                    Thread.sleep(10);
                }
                waitUntil(() -> ended.size() == opened, limitIn.plus(dueOver).plus(period).plusMinutes(2));

                List<Long> takeovers = takenAt.values().stream().map(t -> Duration.between(killed, t).toMillis())
                        .sorted().toList();
                System.out.printf("kill -> take-over of the victim's %d pairs: first %d ms, last %d ms%n",
                        ofVictim.size(), takeovers.get(0), takeovers.get(takeovers.size() - 1));
                report("victim's pairs (ended by the survivor)", ended, e -> ofVictim.contains(e.pair()), period);
                report("survivor's own pairs", ended, e -> !ofVictim.contains(e.pair()), period);
                long duplicates = ended.keySet().stream().filter(id -> sandbox.controlPlane().apiCalls()
                        .count("ssm", "TerminateSession", id) != 1).count();
                System.out.printf("sessions with other than one TerminateSession call: %d%n", duplicates);
            } finally {
                victim.destroyForcibly();
            }
        }
    }

    /** A session's end as the sandbox saw it. */
    record Ended(AccountRegion pair, Instant limit, Instant end) {
    }

    private static void report(String which, Map<String, Ended> ended, Predicate<Ended> filter,
                               Duration period) {
        List<Long> ms = ended.values().stream().filter(filter)
                .map(e -> Duration.between(e.limit(), e.end()).toMillis()).sorted().toList();
        long late = ms.stream().filter(m -> m > period.toMillis()).count();
        System.out.printf("limit -> end, %s, %d sessions: p50 %d ms, p99 %d ms, max %d ms; later than one lease"
                + " period: %d%n", which, ms.size(), rank(ms, 0.50), rank(ms, 0.99), ms.get(ms.size() - 1), late);
    }

    private static SessionWatch watch(GovernanceStore store, AwsAccess aws, Policy policy, Clock clock,
                                      Duration period, Duration passInterval, int timerThreads) {
        Governance governance = new Governance(aws, new AuditTrail(store, clock), clock, Duration.ofSeconds(30),
                new Alerter(aws, 1, Duration.ofMillis(10)), Optional.of(new ActiveSessions(store)));
        return new SessionWatch(governance, aws, store, policy, clock,
                new WatchSettings(passInterval, timerThreads, Optional.of(period)), new WatchListener() { });
    }

    private static Map<String, AccountRegion> pairsOfInstances(GovernedFleet fleet) {
        Map<String, AccountRegion> pairs = new HashMap<>();
        for (int a = 0; a < fleet.accounts(); a++) {
            for (int r = 0; r < fleet.regions(); r++) {
                AccountRegion pair = new AccountRegion(fleet.accountIds().get(a), fleet.regionNames().get(r));
                fleet.instances(a, r).forEach(i -> pairs.put(i, pair));
            }
        }
        return pairs;
    }

    /** Every lease's holder by unit, in one query (the take-over is watched every 10 ms). */
    private static Map<String, String> holders(GovernanceStore store) {
        Map<String, String> holders = new HashMap<>();
        store.jdbi().useHandle(h -> h.createQuery("SELECT unit, holder FROM lease")
                .map((rs, ctx) -> Map.entry(rs.getString("unit"), String.valueOf(rs.getString("holder"))))
                .forEach(e -> holders.put(e.getKey(), e.getValue())));
        return holders;
    }

    /** The pairs whose unexpired lease a holder containing {@code holderPart} (its ":pid:") holds. */
    private static Set<AccountRegion> heldBy(LeaseStore leases, List<AccountRegion> pairs, String holderPart) {
        Set<AccountRegion> held = new HashSet<>();
        for (AccountRegion pair : pairs) {
            Optional<Lease> l = leases.find(LeaseUnits.pair(pair));
            if (l.isPresent() && l.get().holder() != null && l.get().holder().contains(holderPart)
                    && l.get().expiresAt().isAfter(Instant.now())) {
                held.add(pair);
            }
        }
        return held;
    }

    private static void waitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException("not reached within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static long rank(List<Long> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /**
     * The replica that is killed: watch on its share of the pairs until the SIGKILL. Arguments: store URL, sandbox
     * endpoint, access key id, secret key, policy file, lease period (ms), pass interval (ms), timer threads.
     */
    public static final class Victim {

        private Victim() {
        }

        public static void main(String[] args) throws Exception {
            QuietLogging.apply();
            Policy policy = PolicyLoader.parse(Files.readString(Path.of(args[4])), args[4]);
            GovernanceStore store = GovernanceStore.open(args[0]);
            AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(AwsBasicCredentials.create(args[2],
                    args[3])), Optional.of(URI.create(args[1])));
            SessionWatch watch = watch(store, aws, policy, Clock.systemUTC(),
                    Duration.ofMillis(Long.parseLong(args[5])), Duration.ofMillis(Long.parseLong(args[6])),
                    Integer.parseInt(args[7]));
            watch.start();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
