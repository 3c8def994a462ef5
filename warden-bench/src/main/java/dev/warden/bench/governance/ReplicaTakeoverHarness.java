package dev.warden.bench.governance;

import dev.warden.bench.e2e.Options;
import dev.warden.governance.lease.Lease;
import dev.warden.governance.lease.LeaseKeeper;
import dev.warden.governance.lease.LeaseStore;
import dev.warden.governance.store.GovernanceStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Replica take-over after a kill: on an embedded PostgreSQL, a survivor replica (in this JVM) and a victim replica
 * (a child JVM) split {@code units} units; the victim is killed with SIGKILL at a random moment of its renewal
 * cycle, and the harness times, for each of the victim's units, how long after the kill and after the victim's
 * lease expired the survivor took it over. Repeated {@code rounds} times, each on a fresh database.
 *
 * <p>Usage: {@code java -cp warden-bench/target/benchmarks.jar dev.warden.bench.governance.ReplicaTakeoverHarness
 * [--units 50] [--period-ms 2000] [--rounds 10]}.
 */
public final class ReplicaTakeoverHarness {

    private static final Map<String, String> DEFAULTS = Map.of("--units", "50", "--period-ms", "2000",
            "--rounds", "10");

    private ReplicaTakeoverHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Options.parse(args, DEFAULTS);
        QuietLogging.apply();
        int unitCount = Integer.parseInt(o.get("--units"));
        Duration period = Duration.ofMillis(Long.parseLong(o.get("--period-ms")));
        int rounds = Integer.parseInt(o.get("--rounds"));
        List<String> units = IntStream.rangeClosed(1, unitCount).mapToObj(i -> "pair:" + i).toList();
        System.out.printf("replica take-over: %d units, lease period %d ms, %d rounds, PostgreSQL (embedded)%n",
                unitCount, period.toMillis(), rounds);

        List<Long> afterKill = new ArrayList<>();
        List<Long> afterExpiry = new ArrayList<>();
        List<Long> allTaken = new ArrayList<>();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            for (int round = 1; round <= rounds; round++) {
                String db = "takeover_" + round;
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + db);
                }
                Round r = round(pg.getJdbcUrl("postgres", db), units, period);
                afterKill.addAll(r.afterKill());
                afterExpiry.addAll(r.afterExpiry());
                allTaken.add(Collections.max(r.afterKill()));
                System.out.printf("round %d: %d units taken over, the last %d ms after the kill%n", round,
                        r.afterKill().size(), Collections.max(r.afterKill()));
            }
        }
        System.out.printf("kill -> take-over (each unit): p50 %d ms, p99 %d ms, max %d ms%n", percentile(afterKill, 50),
                percentile(afterKill, 99), Collections.max(afterKill));
        System.out.printf("lease expiry -> take-over (each unit): p50 %d ms, p99 %d ms, max %d ms%n",
                percentile(afterExpiry, 50), percentile(afterExpiry, 99), Collections.max(afterExpiry));
        System.out.printf("kill -> all units taken over: p50 %d ms, max %d ms%n", percentile(allTaken, 50),
                Collections.max(allTaken));
    }

    /** Per unit of the victim: ms from the kill, and from its lease's expiry, to the survivor's take-over. */
    record Round(List<Long> afterKill, List<Long> afterExpiry) {
    }

    private static Round round(String url, List<String> units, Duration period) throws Exception {
        Map<String, Instant> acquiredAt = new ConcurrentHashMap<>();
        try (GovernanceStore store = GovernanceStore.open(url)) {
            LeaseStore leases = new LeaseStore(store);
            LeaseKeeper survivor = new LeaseKeeper(leases, "survivor", period, Clock.systemUTC(),
                    l -> acquiredAt.put(l.unit(), Instant.now()));
            Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Victim.class.getName(), url,
                    Long.toString(period.toMillis()), Integer.toString(units.size()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                survivor.share(units);
                waitUntil(() -> heldBy(leases, units, "victim") == units.size() / 2
                        && survivor.actionableUnits().size() == units.size() - units.size() / 2, Duration.ofSeconds(60));
                // Kill at a random moment of the victim's renewal cycle (it renews every quarter period).
                Thread.sleep(ThreadLocalRandom.current().nextLong(period.toMillis() / 4 + 1));
                Instant kill = Instant.now();
                victim.destroyForcibly();
                victim.waitFor();
                List<Lease> ofVictim = new ArrayList<>();
                for (String unit : units) {
                    leases.find(unit).filter(l -> "victim".equals(l.holder())).ifPresent(ofVictim::add);
                }
                waitUntil(() -> survivor.actionableUnits().size() == units.size(), period.multipliedBy(3));
                List<Long> afterKill = new ArrayList<>();
                List<Long> afterExpiry = new ArrayList<>();
                for (Lease l : ofVictim) {
                    Instant taken = acquiredAt.get(l.unit());
                    afterKill.add(Duration.between(kill, taken).toMillis());
                    afterExpiry.add(Duration.between(l.expiresAt(), taken).toMillis());
                }
                return new Round(afterKill, afterExpiry);
            } finally {
                victim.destroyForcibly();
                survivor.close();
            }
        }
    }

    private static int heldBy(LeaseStore leases, List<String> units, String holder) {
        int n = 0;
        for (String unit : units) {
            Optional<Lease> l = leases.find(unit);
            if (l.isPresent() && holder.equals(l.get().holder()) && l.get().expiresAt().isAfter(Instant.now())) {
                n++;
            }
        }
        return n;
    }

    private static void waitUntil(BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException("not reached within " + timeout);
            }
            Thread.sleep(5);
        }
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** The replica that is killed: keeps its share of the units until the SIGKILL. Arguments: URL, period, units. */
    public static final class Victim {

        private Victim() {
        }

        public static void main(String[] args) throws Exception {
            QuietLogging.apply();
            List<String> units = IntStream.rangeClosed(1, Integer.parseInt(args[2])).mapToObj(i -> "pair:" + i)
                    .toList();
            GovernanceStore store = GovernanceStore.open(args[0]);
            LeaseKeeper keeper = new LeaseKeeper(new LeaseStore(store), "victim",
                    Duration.ofMillis(Long.parseLong(args[1])), Clock.systemUTC(), l -> { });
            keeper.share(units);
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
