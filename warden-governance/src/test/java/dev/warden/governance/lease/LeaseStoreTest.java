package dev.warden.governance.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Leases in the store, on SQLite and on a real PostgreSQL; times are given, so nothing here waits. */
class LeaseStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-07T16:00:00Z");
    private static final Duration PERIOD = Duration.ofSeconds(10);
    private static final List<String> UNITS = IntStream.rangeClosed(1, 6).mapToObj(i -> "pair:" + i).toList();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aHeldUnitIsNotTakenBeforeItExpires(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            LeaseStore leases = new LeaseStore(store);
            leases.register(UNITS);

            List<Lease> a = leases.acquire("a", UNITS, 3, T0, PERIOD);
            List<Lease> b = leases.acquire("b", UNITS, 6, T0.plusSeconds(1), PERIOD);

            assertThat(a).extracting(Lease::unit).containsExactly("pair:1", "pair:2", "pair:3");
            assertThat(a).allSatisfy(l -> {
                assertThat(l.fence()).isEqualTo(1);
                assertThat(l.expiresAt()).isEqualTo(T0.plus(PERIOD));
            });
            assertThat(b).extracting(Lease::unit).containsExactly("pair:4", "pair:5", "pair:6");
            assertThat(leases.acquire("b", UNITS, 6, T0.plus(PERIOD).minusMillis(1), PERIOD))
                    .extracting(Lease::unit).containsExactly("pair:4", "pair:5", "pair:6");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void anExpiredLeaseIsTakenOverWithAHigherFenceAndItsFormerHolderCannotRenewIt(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            LeaseStore leases = new LeaseStore(store);
            leases.register(List.of("pair:1"));
            leases.acquire("a", List.of("pair:1"), 1, T0, PERIOD);

            List<Lease> taken = leases.acquire("b", List.of("pair:1"), 1, T0.plus(PERIOD), PERIOD);

            assertThat(taken).containsExactly(new Lease("pair:1", "b", 2, T0.plus(PERIOD).plus(PERIOD)));
            assertThat(leases.renewAll("a", T0.plus(PERIOD), PERIOD)).isEmpty();
            assertThat(leases.release(new Lease("pair:1", "a", 1, T0.plus(PERIOD)))).isFalse();
            assertThat(leases.find("pair:1")).contains(taken.get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void renewingExtendsOnlyLeasesThatHaveNotExpired(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            LeaseStore leases = new LeaseStore(store);
            leases.register(UNITS);
            leases.acquire("a", List.of("pair:1"), 1, T0, PERIOD);
            leases.acquire("a", List.of("pair:2"), 1, T0.plusSeconds(5), PERIOD);

            List<Lease> renewed = leases.renewAll("a", T0.plus(PERIOD), PERIOD);

            assertThat(renewed).containsExactly(new Lease("pair:2", "a", 1, T0.plus(PERIOD).plus(PERIOD)));
            assertThat(leases.acquire("a", List.of("pair:1"), 1, T0.plus(PERIOD), PERIOD))
                    .as("an expired lease is taken anew, with a new fence").extracting(Lease::fence).containsExactly(2L);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aReleasedLeaseIsTakenAtOnce(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            LeaseStore leases = new LeaseStore(store);
            leases.register(List.of("pair:1"));
            Lease a = leases.acquire("a", List.of("pair:1"), 1, T0, PERIOD).get(0);

            assertThat(leases.release(a)).isTrue();
            assertThat(leases.acquire("b", List.of("pair:1"), 1, T0.plusSeconds(1), PERIOD))
                    .containsExactly(new Lease("pair:1", "b", 2, T0.plusSeconds(1).plus(PERIOD)));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void replicasTakingAtTheSameMomentNeverShareAUnit(StoreKind kind) throws Exception {
        String location = kind.newLocation(dir);
        List<String> units = IntStream.rangeClosed(1, 40).mapToObj(i -> "pair:" + i).toList();
        int replicas = 4;
        List<GovernanceStore> stores = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            for (int i = 0; i < replicas; i++) {
                stores.add(GovernanceStore.open(location));
            }
            new LeaseStore(stores.get(0)).register(units);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Lease>>> takes = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                LeaseStore leases = new LeaseStore(stores.get(r));
                String holder = "replica-" + r;
                takes.add(pool.submit(() -> {
                    start.await();
                    // Each asks for more than its share, a few units at a time, as a keeper catching up would.
                    List<Lease> mine = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        mine = leases.acquire(holder, units, mine.size() + 3, T0, PERIOD);
                    }
                    return mine;
                }));
            }
            start.countDown();
            Set<String> seen = new HashSet<>();
            int total = 0;
            for (Future<List<Lease>> t : takes) {
                for (Lease l : t.get()) {
                    assertThat(seen.add(l.unit())).as("%s is held by one replica only", l.unit()).isTrue();
                    assertThat(l.fence()).isEqualTo(1);
                    total++;
                }
            }
            assertThat(total).isLessThanOrEqualTo(units.size());
            LeaseStore check = new LeaseStore(stores.get(0));
            for (String unit : seen) {
                assertThat(check.find(unit)).get().extracting(Lease::fence).isEqualTo(1L);
            }
        } finally {
            pool.shutdownNow();
            stores.forEach(GovernanceStore::close);
        }
    }
}
