package dev.warden.governance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.governance.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The live view's contract, on SQLite and on a real PostgreSQL. */
class ActiveSessionsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final String A = "111111111111";
    private static final String B = "222222222222";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aPassReplacesItsPairOnlyAndKeepsWhatAnEventReportedAfterIt(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            ActiveSessions live = new ActiveSessions(store);
            live.replacePair(A, "us-east-1", List.of(session(A, "us-east-1", "s-1", "prod", 60, T0),
                    session(A, "us-east-1", "s-2", "dev", 480, T0)), T0);
            live.replacePair(B, "us-east-1", List.of(session(B, "us-east-1", "s-9", "prod", 60, T0)), T0);
            // An event reports s-3 after the next pass has started reading: the pass did not see it.
            Instant passStarted = T0.plusSeconds(60);
            live.upsert(session(A, "us-east-1", "s-3", "dev", 480, passStarted.plusMillis(5)));

            live.replacePair(A, "us-east-1", List.of(session(A, "us-east-1", "s-2", "dev", 480, passStarted)),
                    passStarted);

            assertThat(ids(live.page(SessionFilter.ALL, 0, 10))).containsExactly("s-9", "s-2", "s-3");
            assertThat(live.find(A, "us-east-1", "s-1")).as("gone from its pair's listing").isEmpty();
            assertThat(live.find(A, "us-east-1", "s-2").orElseThrow().lastSeenAt()).isEqualTo(passStarted);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void pagesAreOrderedByDeadlineFilteredAndCounted(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            ActiveSessions live = new ActiveSessions(store);
            List<ActiveSession> listed = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                listed.add(session(A, "eu-west-1", "s-" + (100 + i), i % 2 == 0 ? "prod" : "dev", 100 - i, T0));
            }
            live.replacePair(A, "eu-west-1", listed, T0);
            live.upsert(new ActiveSession(B, "eu-west-1", "s-none", "i-9", "arn:aws:iam::222222222222:user/bob",
                    "dev", Optional.empty(), null, T0, Optional.empty(), T0));

            SessionPage first = live.page(SessionFilter.ALL, 0, 10);
            assertThat(first.total()).isEqualTo(26);
            assertThat(ids(first)).startsWith("s-124", "s-123", "s-122");
            assertThat(ids(live.page(SessionFilter.ALL, 20, 10))).as("no deadline: last")
                    .containsExactly("s-104", "s-103", "s-102", "s-101", "s-100", "s-none");

            SessionFilter prodInA = new SessionFilter(Optional.of(A), Optional.of("eu-west-1"), Optional.of("prod"),
                    Optional.empty());
            SessionPage prod = live.page(prodInA, 0, 100);
            assertThat(prod.total()).isEqualTo(13);
            assertThat(prod.sessions()).allSatisfy(s -> assertThat(s.tier()).isEqualTo("prod"));
            SessionFilter bob = new SessionFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of("arn:aws:iam::222222222222:user/bob"));
            assertThat(live.page(bob, 0, 5).sessions()).singleElement().satisfies(s -> {
                assertThat(s.deadline()).isEmpty();
                assertThat(s.ownerTag()).isEmpty();
                assertThat(s.document()).isNull();
            });
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void anUpsertUpdatesAndARemoveForgets(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            ActiveSessions live = new ActiveSessions(store);
            live.upsert(session(A, "us-east-1", "s-1", "dev", 480, T0));
            live.upsert(session(A, "us-east-1", "s-1", "prod", 60, T0.plusSeconds(30)));

            ActiveSession s = live.find(A, "us-east-1", "s-1").orElseThrow();
            assertThat(s.tier()).isEqualTo("prod");
            assertThat(s.deadline()).contains(T0.plus(Duration.ofMinutes(60)));
            assertThat(s.ownerTag()).contains("team-web");
            assertThat(live.remove(A, "us-east-1", "s-1")).isTrue();
            assertThat(live.remove(A, "us-east-1", "s-1")).as("already gone").isFalse();
            assertThat(live.page(SessionFilter.ALL, 0, 10).total()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aSessionOfAnotherPairIsRefused(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            ActiveSessions live = new ActiveSessions(store);
            assertThatThrownBy(() -> live.replacePair(A, "us-east-1",
                    List.of(session(B, "us-east-1", "s-1", "dev", 480, T0)), T0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in the pair");
            assertThat(live.page(SessionFilter.ALL, 0, 10).total()).isZero();
        }
    }

    private static ActiveSession session(String account, String region, String id, String tier, int maxMinutes,
                                         Instant seen) {
        return new ActiveSession(account, region, id, "i-0123", "arn:aws:iam::" + account + ":user/alice", tier,
                Optional.of("team-web"), "SSM-SessionManagerRunShell", T0,
                Optional.of(T0.plus(Duration.ofMinutes(maxMinutes))), seen);
    }

    private static List<String> ids(SessionPage page) {
        return page.sessions().stream().map(ActiveSession::sessionId).toList();
    }
}
