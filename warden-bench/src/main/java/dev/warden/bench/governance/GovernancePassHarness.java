package dev.warden.bench.governance;

import dev.warden.bench.e2e.Options;
import dev.warden.governance.Governance;
import dev.warden.governance.PairReport;
import dev.warden.governance.PassReport;
import dev.warden.governance.alert.Alerter;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.RecordKind;
import dev.warden.governance.trail.Subject;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The governance benchmark: an in-process sandbox with {@code accounts × regions} account × region pairs (member
 * accounts reached through STS AssumeRole, as in production), {@code sessions} API-only sessions opened with
 * StartSession through the SDK, then timed passes through the engine's façade {@link Governance} on a SQLite or
 * PostgreSQL (embedded) store:
 *
 * <ol>
 *   <li>two review passes (the first with a cold JIT), each observing, judging and recording every session;</li>
 *   <li>one enforcement pass, after the clock moved 90 minutes: the prod sessions ({@code prodShare} of them) are
 *       over their 60-minute maximum and are terminated and confirmed, the dev ones (480 minutes) are not; with
 *       {@code --cloudwatch true} every session logs to CloudWatch Logs, each pass reads every session's last
 *       activity, and after 30 minutes the prod sessions are idle past their 15-minute limit instead;</li>
 *   <li>the store's append rate: records appended one per transaction, and in batches of 500.</li>
 * </ol>
 *
 * Usage: {@code java -cp warden-bench/target/benchmarks.jar dev.warden.bench.governance.GovernancePassHarness
 * [--store sqlite|postgres] [--accounts 10] [--regions 5] [--sessions 10000] [--instances-per-pair 20]
 * [--prod-share 0.1] [--append-records 20000] [--cloudwatch false]}.
 */
public final class GovernancePassHarness {

    private static final Map<String, String> DEFAULTS = Map.of("--store", "sqlite", "--accounts", "10",
            "--regions", "5", "--sessions", "10000", "--instances-per-pair", "20", "--prod-share", "0.1",
            "--append-records", "20000", "--start-threads", "8", "--cloudwatch", "false");

    private GovernancePassHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Options.parse(args, DEFAULTS);
        QuietLogging.apply();
        GovernedFleet fleet = new GovernedFleet(Integer.parseInt(o.get("--accounts")),
                Integer.parseInt(o.get("--regions")), Integer.parseInt(o.get("--instances-per-pair")),
                Double.parseDouble(o.get("--prod-share")), Boolean.parseBoolean(o.get("--cloudwatch")));
        int sessions = Integer.parseInt(o.get("--sessions"));
        String storeKind = o.get("--store");
        Path dir = Files.createTempDirectory("warden-govbench");
        System.out.printf("governance pass: %d accounts x %d regions = %d pairs, %d instances, %d sessions, store %s,"
                        + " CloudWatch logging %s%n", fleet.accounts(), fleet.regions(), fleet.accounts() * fleet.regions(),
                fleet.accounts() * fleet.regions() * fleet.instancesPerPair(), sessions, storeKind,
                fleet.cloudWatch() ? "on (idle detection)" : "off (idle unknown)");

        ShiftableClock clock = new ShiftableClock();
        try (EmbeddedPostgres pg = storeKind.equals("postgres") ? EmbeddedPostgres.builder().start() : null;
             Sandbox sandbox = Sandbox.start(SandboxConfigLoader.fromYaml(fleet.sandboxYaml(), "govbench.yaml"),
                     clock);
             AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                     sandbox.accessKeyId(), sandbox.secretAccessKey())), Optional.of(sandbox.endpoint()))) {
            Policy policy = PolicyLoader.parse(fleet.policyYaml(), "govbench-policy.yaml");

            long t0 = System.nanoTime();
            fleet.openSessions(aws, policy.scope().accounts(), sessions, Integer.parseInt(o.get("--start-threads")));
            System.out.printf("opened %d sessions with StartSession (SDK, %s threads) in %.1f s%n", sessions,
                    o.get("--start-threads"), seconds(t0));

            try (GovernanceStore store = open(storeKind, pg, dir, "passes")) {
                AuditTrail trail = new AuditTrail(store, clock);
                Governance governance = new Governance(aws, trail, clock, Duration.ofSeconds(30),
                        new Alerter(aws, 1, Duration.ofMillis(10)), Optional.of(new ActiveSessions(store)));
                for (int i = 1; i <= 2; i++) {
                    long before = trail.size();
                    long calls = logStreamCalls(sandbox);
                    long t = System.nanoTime();
                    PassReport review = governance.review(policy);
                    System.out.printf("review pass %d: %.2f s, %d sessions judged in %d pairs (%d errors), %d records,"
                                    + " %d DescribeLogStreams calls%n", i, seconds(t), judged(review),
                            review.pairs().size(), errors(review), trail.size() - before,
                            logStreamCalls(sandbox) - calls);
                }
                // Either way the prod sessions break a limit and the dev ones do not: without logging, 90 minutes
                // pass the prod maximum (60); with it, 30 minutes without activity pass the prod idle limit (15)
                // and stay within dev's (60).
                clock.advance(Duration.ofMinutes(fleet.cloudWatch() ? 30 : 90));
                long before = trail.size();
                long calls = logStreamCalls(sandbox);
                long t = System.nanoTime();
                PassReport enforce = governance.enforce(policy);
                double enforceSeconds = seconds(t);
                long terminated = enforce.pairs().stream().flatMap(p -> p.terminations().stream())
                        .filter(x -> x.status() == TerminationOutcome.Status.TERMINATED).count();
                long attempted = enforce.pairs().stream().mapToLong(p -> p.terminations().size()).sum();
                System.out.printf("enforce pass: %.2f s, %d sessions judged, %d terminated and confirmed (of %d),"
                                + " %d errors, %d records, %d DescribeLogStreams calls%n", enforceSeconds,
                        judged(enforce), terminated, attempted, errors(enforce), trail.size() - before,
                        logStreamCalls(sandbox) - calls);
                t = System.nanoTime();
                boolean intact = trail.verify().intact();
                System.out.printf("verify: %s, %d records, %.2f s%n", intact ? "intact" : "BROKEN", trail.size(),
                        seconds(t));
            }
            try (GovernanceStore store = open(storeKind, pg, dir, "appends")) {
                appendRate(new AuditTrail(store, clock), Integer.parseInt(o.get("--append-records")));
            }
        }
    }

    /** Appends {@code count} observation-sized records singly (one transaction each), then in batches of 500. */
    private static void appendRate(AuditTrail trail, int count) {
        Map<String, Object> details = Map.of("pass", "bench", "tier", "prod", "principal",
                "arn:aws:iam::123456789012:user/alice", "ageSeconds", 1234, "timeLeftSeconds", 2366);
        Subject subject = Subject.session("123456789012", "us-east-1", "alice-0123456789abcdef0", "i-0123456789abcdef0");
        int single = Math.max(1, count / 10);
        long t = System.nanoTime();
        for (int i = 0; i < single; i++) {
            trail.append(RecordKind.OBSERVATION, subject, details);
        }
        System.out.printf("append rate, one record per transaction: %,.0f records/s (%d records)%n",
                single / seconds(t), single);
        List<AuditTrail.Entry> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(new AuditTrail.Entry(RecordKind.OBSERVATION, subject, details));
        }
        t = System.nanoTime();
        int batches = Math.max(1, count / 500);
        for (int i = 0; i < batches; i++) {
            trail.appendAll(batch);
        }
        System.out.printf("append rate, 500 records per transaction: %,.0f records/s (%d records)%n",
                batches * 500 / seconds(t), batches * 500);
    }

    /** A fresh store of that kind: SQLite in {@code dir}, or a new database on the embedded PostgreSQL. */
    static GovernanceStore open(String kind, EmbeddedPostgres pg, Path dir, String name) throws Exception {
        if (kind.equals("sqlite")) {
            return GovernanceStore.open(dir.resolve(name + ".db").toString());
        }
        if (!kind.equals("postgres")) {
            throw new IllegalArgumentException("--store is sqlite or postgres, was " + kind);
        }
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return GovernanceStore.open(pg.getJdbcUrl("postgres", name));
    }

    private static long judged(PassReport report) {
        return report.pairs().stream().mapToLong(p -> p.verdicts().size()).sum();
    }

    private static long errors(PassReport report) {
        return report.pairs().stream().map(PairReport::error).filter(Optional::isPresent).count();
    }

    /** DescribeLogStreams calls the sandbox has received (idle detection's reads). */
    private static long logStreamCalls(Sandbox sandbox) {
        return sandbox.controlPlane().apiCalls().count("logs", "DescribeLogStreams");
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
