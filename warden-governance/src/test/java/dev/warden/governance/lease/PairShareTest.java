package dev.warden.governance.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.store.ActiveSession;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.StoreKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas share the account × region pairs of a policy on one real PostgreSQL; each reads the sessions of the
 * pairs it takes from the live view, and the survivor of a replica that lost its database reads them afresh when
 * it takes that replica's pairs over, with the sessions that replica had learnt of meanwhile.
 */
class PairShareTest {

    private static final Duration PERIOD = Duration.ofSeconds(2);
    private static final Instant STARTED = Instant.parse("2026-12-07T15:00:00Z");
    private static final List<AccountRegion> PAIRS = List.of(new AccountRegion("111111111111", "us-east-1"),
            new AccountRegion("111111111111", "eu-west-1"), new AccountRegion("222222222222", "us-east-1"),
            new AccountRegion("222222222222", "eu-west-1"));

    @TempDir
    Path dir;

    /** Per replica: the session ids each take() of a pair was given, and the pairs dropped. */
    private final Map<String, Map<AccountRegion, List<Set<String>>>> taken = new ConcurrentHashMap<>();
    private final Map<String, Set<AccountRegion>> dropped = new ConcurrentHashMap<>();

    @Test
    void theSurvivorTakesTheDeadReplicasPairsWithTheirSessionsReadAfresh() {
        String location = StoreKind.POSTGRES.newLocation(dir);
        try (GovernanceStore seed = GovernanceStore.open(location);
             GovernanceStore storeB = GovernanceStore.open(location)) {
            ActiveSessions live = new ActiveSessions(seed);
            for (AccountRegion pair : PAIRS) {
                live.replacePair(pair.accountId(), pair.region(), List.of(session(pair, "s1"), session(pair, "s2"),
                        session(pair, "s3")), STARTED);
            }
            GovernanceStore storeA = GovernanceStore.open(location);
            try (PairShare a = share(storeA, "replica-a"); PairShare b = share(storeB, "replica-b")) {
                a.share(PAIRS);
                b.share(PAIRS);
                await().atMost(Duration.ofSeconds(10)).until(() -> a.pairs().size() == 2 && b.pairs().size() == 2);
                Set<AccountRegion> ofA = Set.copyOf(a.pairs());
                for (AccountRegion pair : PAIRS) {
                    String holder = ofA.contains(pair) ? "replica-a" : "replica-b";
                    assertThat(last(takes(holder, pair))).as("%s read by %s", pair, holder)
                            .isEqualTo(Set.of(pair.accountId() + pair.region() + "s1",
                                    pair.accountId() + pair.region() + "s2", pair.accountId() + pair.region() + "s3"));
                }

                // a learns of a new session in one of its pairs (an event), then loses its database.
                AccountRegion learnt = ofA.iterator().next();
                live.upsert(session(learnt, "s4"));
                storeA.close();

                await().atMost(PERIOD.plusSeconds(3)).until(() -> b.pairs().size() == PAIRS.size());
                assertThat(dropped.getOrDefault("replica-a", Set.of())).as("a let its pairs go").containsAll(ofA);
                for (AccountRegion pair : ofA) {
                    List<Set<String>> reads = takes("replica-b", pair);
                    assertThat(reads).as("b read %s when it took it over", pair).isNotEmpty();
                    assertThat(last(reads)).hasSize(pair.equals(learnt) ? 4 : 3);
                    assertThat(b.lease(pair)).map(Lease::fence).hasValueSatisfying(f -> assertThat(f).isGreaterThan(1));
                }
                assertThat(last(takes("replica-b", learnt))).contains(learnt.accountId() + learnt.region() + "s4");
            } finally {
                storeA.close();
            }
        }
    }

    private PairShare share(GovernanceStore store, String holder) {
        return new PairShare(store, holder, PERIOD, Clock.systemUTC(), new PairShare.Work() {
            @Override
            public void take(AccountRegion pair, Lease lease, List<ActiveSession> sessions) {
                taken.computeIfAbsent(holder, h -> new ConcurrentHashMap<>())
                        .computeIfAbsent(pair, p -> new ArrayList<>())
                        .add(sessions.stream().map(ActiveSession::sessionId).collect(Collectors.toSet()));
            }

            @Override
            public void drop(AccountRegion pair) {
                dropped.computeIfAbsent(holder, h -> ConcurrentHashMap.newKeySet()).add(pair);
            }
        });
    }

    private List<Set<String>> takes(String holder, AccountRegion pair) {
        return taken.getOrDefault(holder, Map.of()).getOrDefault(pair, List.of());
    }

    private static Set<String> last(List<Set<String>> reads) {
        assertThat(reads).isNotEmpty();
        return reads.get(reads.size() - 1);
    }

    private static ActiveSession session(AccountRegion pair, String name) {
        return new ActiveSession(pair.accountId(), pair.region(), pair.accountId() + pair.region() + name,
                "i-0a1b2c3d4e5f60001", "arn:aws:iam::" + pair.accountId() + ":user/alice", "prod",
                Optional.of("team-a"), "SSM-SessionManagerRunShell", STARTED,
                Optional.of(STARTED.plus(Duration.ofHours(1))), STARTED);
    }
}
