package dev.warden.governance.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditRecord;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.RecordKind;
import dev.warden.governance.trail.Subject;
import dev.warden.sandbox.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Side effects claimed under leases, done and recorded once, on SQLite and on a real PostgreSQL. */
class EffectClaimsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T16:00:00Z");
    private static final Duration PERIOD = Duration.ofSeconds(10);
    private static final String UNIT = "pair:123456789012:us-east-1";
    private static final String KEY = "terminate:123456789012:us-east-1:alice-1";
    private static final Subject SESSION = Subject.session("123456789012", "us-east-1", "alice-1", "i-1");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void stopTheClock() {
        clock.fixAt(T0);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void anEffectIsClaimedOnceAndRecordedOnce(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, clock);
            EffectClaims claims = new EffectClaims(store, trail, clock);
            Lease lease = take(store, "a");

            Optional<EffectClaims.Claim> claim = claims.claim(lease, KEY);
            assertThat(claim).contains(new EffectClaims.Claim(KEY, lease, false));
            assertThat(claims.claim(lease, KEY)).as("claimed already").isEmpty();
            assertThat(claims.done(KEY)).isFalse();

            Optional<List<AuditRecord>> recorded = claims.complete(claim.get(), List.of(action()));
            assertThat(recorded).hasValueSatisfying(records -> assertThat(records).hasSize(1));
            assertThat(claims.complete(claim.get(), List.of(action()))).as("completed already").isEmpty();
            assertThat(claims.claim(lease, KEY)).as("done").isEmpty();
            assertThat(claims.done(KEY)).isTrue();
            assertThat(trail.size()).isEqualTo(1);
            assertThat(trail.verify().intact()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aFormerHolderCannotClaimOnceItsLeaseExpired(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            EffectClaims claims = new EffectClaims(store, new AuditTrail(store, clock), clock);
            Lease lease = take(store, "a");

            clock.advance(PERIOD);

            assertThatThrownBy(() -> claims.claim(lease, KEY)).isInstanceOf(LeaseLostException.class)
                    .hasMessage("the lease on " + UNIT + " (fence 1) is no longer held by a");
            Lease taken = take(store, "b");
            assertThat(taken.fence()).isEqualTo(2);
            assertThat(claims.claim(taken, KEY)).contains(new EffectClaims.Claim(KEY, taken, false));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void anEffectLeftOpenByADeadHolderIsResumedByTheNextAndRecordedOnlyByIt(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, clock);
            EffectClaims claims = new EffectClaims(store, trail, clock);
            Lease dead = take(store, "a");
            EffectClaims.Claim open = claims.claim(dead, KEY).orElseThrow();

            clock.advance(PERIOD);
            Lease next = take(store, "b");
            Optional<EffectClaims.Claim> resumed = claims.claim(next, KEY);

            assertThat(resumed).contains(new EffectClaims.Claim(KEY, next, true));
            assertThat(claims.claim(next, KEY)).as("resumed once").isEmpty();
            assertThat(claims.complete(open, List.of(action()))).as("the former holder's completion").isEmpty();
            assertThat(claims.complete(resumed.get(), List.of(action()))).isPresent();
            assertThat(trail.size()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void concurrentClaimsOfOneKeyFromSeveralConnectionsGrantItOnce(StoreKind kind) throws Exception {
        String location = kind.newLocation(dir);
        int claimants = 6;
        int keys = 30;
        List<GovernanceStore> stores = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(claimants);
        try {
            for (int i = 0; i < claimants; i++) {
                stores.add(GovernanceStore.open(location));
            }
            Lease lease = take(stores.get(0), "a");
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> granted = new ArrayList<>();
            for (int c = 0; c < claimants; c++) {
                AuditTrail trail = new AuditTrail(stores.get(c), clock);
                EffectClaims claims = new EffectClaims(stores.get(c), trail, clock);
                granted.add(pool.submit(() -> {
                    start.await();
                    int mine = 0;
                    for (int k = 0; k < keys; k++) {
                        Optional<EffectClaims.Claim> claim = claims.claim(lease, KEY + "-" + k);
                        if (claim.isPresent()) {
                            mine++;
                            assertThat(claims.complete(claim.get(), List.of(action()))).isPresent();
                        }
                    }
                    return mine;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> g : granted) {
                total += g.get();
            }
            AuditTrail trail = new AuditTrail(stores.get(0), clock);
            assertThat(total).isEqualTo(keys);
            assertThat(trail.size()).isEqualTo(keys);
            assertThat(trail.verify().intact()).isTrue();
        } finally {
            pool.shutdownNow();
            stores.forEach(GovernanceStore::close);
        }
    }

    private Lease take(GovernanceStore store, String holder) {
        LeaseStore leases = new LeaseStore(store);
        leases.register(List.of(UNIT));
        return leases.acquire(holder, List.of(UNIT), 1, clock.instant(), PERIOD).get(0);
    }

    private static AuditTrail.Entry action() {
        return new AuditTrail.Entry(RecordKind.ACTION, SESSION, Map.of("action", "terminate"));
    }
}
