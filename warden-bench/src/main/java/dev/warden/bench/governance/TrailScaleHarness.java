package dev.warden.bench.governance;

import dev.warden.bench.e2e.Options;
import dev.warden.governance.kpi.KpiReport;
import dev.warden.governance.kpi.Kpis;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.ChainReport;
import dev.warden.governance.trail.RecordKind;
import dev.warden.governance.trail.Subject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dashboard's two whole-trail reads on a year of records: the KPIs (what {@code /kpis} computes) and the chain's
 * verification state (what {@code /audit} shows: a whole-chain verification, then one of the records appended since).
 * A store is filled with {@code --records} records spread evenly over the last 365 days, in the proportions a pass
 * every five minutes over a few thousand sessions leaves: mostly session observations, 1 % findings, 0.5 %
 * terminations, and a coverage observation per account × region per pass.
 *
 * <p>Usage: {@code java -cp warden-bench/target/benchmarks.jar dev.warden.bench.governance.TrailScaleHarness
 * [--store sqlite|postgres] [--records 1000000] [--runs 3]}.
 */
public final class TrailScaleHarness {

    private static final Map<String, String> DEFAULTS = Map.of("--store", "sqlite", "--records", "1000000",
            "--runs", "3");
    private static final int BATCH = 500;
    private static final int PAIRS = 50;

    private TrailScaleHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Options.parse(args, DEFAULTS);
        QuietLogging.apply();
        String storeKind = o.get("--store");
        int records = Integer.parseInt(o.get("--records"));
        int runs = Integer.parseInt(o.get("--runs"));
        Path dir = Files.createTempDirectory("warden-trail-scale");
        try {
            run(storeKind, records, runs, dir);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void run(String storeKind, int records, int runs, Path dir) throws Exception {
        try (EmbeddedPostgres pg = storeKind.equals("postgres") ? EmbeddedPostgres.builder().start() : null;
             GovernanceStore store = GovernancePassHarness.open(storeKind, pg, dir, "trail")) {
            ShiftableClock clock = new ShiftableClock();
            clock.advance(Duration.ofDays(-365));
            AuditTrail trail = new AuditTrail(store, clock);
            long fillStart = System.nanoTime();
            fill(trail, clock, records);
            System.out.printf("trail of %d records over 365 days, store %s: filled in %.1f s%n", trail.size(),
                    storeKind, (System.nanoTime() - fillStart) / 1e9);
            if (storeKind.equals("postgres")) {
                // The statistics autovacuum gathers within a minute of a bulk load, on a live database long since.
                store.jdbi().useHandle(h -> h.execute("ANALYZE audit_record"));
            }
            // The fill ends at the present: the clock's offset is back to (nearly) zero.
            clock.advance(Duration.between(clock.instant(), Instant.now()));

            Instant now = clock.instant();
            for (int run = 1; run <= runs; run++) {
                KpiReport k = timed("KPIs of 365 days (the /kpis page)", () -> Kpis.compute(trail,
                        now.minus(Duration.ofDays(365)), now.plusSeconds(1)));
                if (run == runs) {
                    System.out.printf("  %d terminations, %d week x tier rows, %d quarters, coverage %s%n",
                            k.terminations(), k.overMaxPerWeekAndTier().size(), k.findingsPerQuarter().size(),
                            k.coverage().map(c -> c.covered() + "/" + c.instances()).orElse("none"));
                }
            }
            ChainReport full = null;
            for (int run = 1; run <= runs; run++) {
                full = timed("whole-chain verification (the /audit page's first load)", trail::verify);
            }
            if (!full.intact()) {
                throw new IllegalStateException("the harness's own chain does not verify: " + full.firstBreak());
            }
            appendPass(trail, 0);
            ChainReport head = full;
            for (int run = 1; run <= runs; run++) {
                ChainReport after = timed("records since the last verification, about " + (PAIRS + 50)
                        + " (the /audit page's other loads)", () -> trail.verifyAfter(head));
                if (!after.intact() || after.records() != trail.size()) {
                    throw new IllegalStateException("the continued verification disagrees: " + after);
                }
            }
        }
    }

    /** Appends passes of about 100 records, moving the clock so that they spread evenly over the year. */
    private static void fill(AuditTrail trail, ShiftableClock clock, int records) {
        int perPass = PAIRS + 50;
        int passes = Math.max(1, records / perPass);
        Duration step = Duration.ofDays(365).dividedBy(passes);
        for (int pass = 0; pass < passes; pass++) {
            appendPass(trail, pass);
            clock.advance(step);
        }
    }

    /** One pass's records: a coverage observation per pair, 50 session records, now and then a finding and an end. */
    private static void appendPass(AuditTrail trail, int pass) {
        List<AuditTrail.Entry> entries = new ArrayList<>(BATCH);
        for (int p = 0; p < PAIRS; p++) {
            entries.add(new AuditTrail.Entry(RecordKind.OBSERVATION, Subject.of(account(p), "eu-west-1"),
                    Map.of("observation", "coverage", "instances", 20, "covered", 18)));
        }
        for (int s = 0; s < 50; s++) {
            String session = "user-" + pass + "-" + s;
            Subject subject = Subject.session(account(s % PAIRS), "eu-west-1", session, "i-" + s);
            int roll = (pass * 50 + s) % 200;
            if (roll == 0 || roll == 1) {
                entries.add(new AuditTrail.Entry(RecordKind.FINDING, subject,
                        Map.of("finding", "OVER_MAX", "tier", s % 10 == 0 ? "prod" : "dev")));
            } else if (roll == 2) {
                entries.add(new AuditTrail.Entry(RecordKind.ACTION, subject, Map.of("action", "terminate",
                        "outcome", "TERMINATED", "timeToTerminateMillis", 1000 + s)));
            } else {
                entries.add(new AuditTrail.Entry(RecordKind.OBSERVATION, subject, Map.of("status", "Connected",
                        "tier", "dev", "principal", "arn:aws:iam::" + account(s % PAIRS) + ":user/u" + s)));
            }
        }
        trail.appendAll(entries);
    }

    private static String account(int p) {
        return String.format("1000000%05d", p);
    }

    private static <T> T timed(String what, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        System.out.printf("%s: %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
        return result;
    }
}
