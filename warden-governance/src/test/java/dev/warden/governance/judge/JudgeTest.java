package dev.warden.governance.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.governance.aws.ObservedSession;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The judge alone: no sandbox, no clock, no store. */
class JudgeTest {

    private static final Instant START = Instant.parse("2026-12-07T08:00:00Z");
    private static final Map<String, String> PROD = Map.of("Environment", "prod", "Owner", "team-web");

    @Test
    void aSessionUnderItsMaximumHasTimeLeftAndNoTermination() {
        SessionVerdict v = Judge.judge(policy(60, ""), session("alice", Optional.of(60)), PROD, START.plusSeconds(600));
        assertThat(v.tier().name()).isEqualTo("prod");
        assertThat(v.age()).isEqualTo(Duration.ofMinutes(10));
        assertThat(v.timeLeft()).isEqualTo(Duration.ofMinutes(50));
        assertThat(v.owner()).contains("team-web");
        assertThat(v.findings()).isEmpty();
        assertThat(v.terminate()).isEmpty();
    }

    @Test
    void reachingTheMaximumExactlyIsAViolationCrossedAtStartPlusMaximum() {
        SessionVerdict v = Judge.judge(policy(60, ""), session("alice", Optional.of(60)), PROD,
                START.plus(Duration.ofMinutes(60)));
        assertThat(v.findings()).extracting(Finding::type).containsExactly(FindingType.OVER_MAX);
        assertThat(v.terminate()).hasValueSatisfying(r -> assertThat(r).startsWith("over the maximum of tier prod"));
        assertThat(v.limitCrossedAt()).contains(START.plus(Duration.ofMinutes(60)));
    }

    @Test
    void withinTheWarningLeadASessionIsNearItsMaximum() {
        // warningLeadMinutes defaults to 5.
        assertThat(Judge.judge(policy(60, ""), session("alice", Optional.of(60)), PROD,
                START.plus(Duration.ofMinutes(54))).findings()).isEmpty();
        SessionVerdict near = Judge.judge(policy(60, ""), session("alice", Optional.of(60)), PROD,
                START.plus(Duration.ofMinutes(55)));
        assertThat(near.findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.NEAR_MAX);
            assertThat(f.actual()).isEqualTo("300 s left");
        });
        assertThat(near.terminate()).isEmpty();
    }

    @Test
    void aDocumentWithoutMaximumOrWithALongerOneIsWeaker() {
        Instant now = START.plusSeconds(60);
        assertThat(Judge.judge(policy(60, ""), session("alice", Optional.empty()), PROD, now).findings())
                .singleElement().satisfies(f -> {
                    assertThat(f.type()).isEqualTo(FindingType.WEAKER_DOCUMENT);
                    assertThat(f.actual()).isEqualTo("SSM-SessionManagerRunShell sets no maxSessionDuration");
                });
        assertThat(Judge.judge(policy(60, ""), session("alice", Optional.of(61)), PROD, now).findings())
                .extracting(Finding::type).containsExactly(FindingType.WEAKER_DOCUMENT);
        assertThat(Judge.judge(policy(60, ""), session("alice", Optional.of(30)), PROD, now).findings()).isEmpty();
    }

    @Test
    void anActiveExemptionSparesAndAnExpiredOneDoesNot() {
        String exemption = """
                exemptions:
                  - {principal: "arn:aws:iam::*:user/bob", ticket: INC-1, expires: "2026-12-07T10:00:00Z"}
                """;
        Policy policy = policy(60, exemption);
        SessionVerdict spared = Judge.judge(policy, session("bob", Optional.of(60)), PROD,
                Instant.parse("2026-12-07T09:30:00Z"));
        assertThat(spared.terminate()).isEmpty();
        assertThat(spared.protectedBy()).isPresent();

        SessionVerdict ended = Judge.judge(policy, session("bob", Optional.of(60)), PROD,
                Instant.parse("2026-12-07T10:05:00Z"));
        assertThat(ended.findings()).extracting(Finding::type)
                .containsExactlyInAnyOrder(FindingType.EXEMPTION_EXPIRED, FindingType.OVER_MAX);
        assertThat(ended.limitCrossedAt()).contains(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(ended.terminate()).hasValueSatisfying(r -> assertThat(r).contains("expired"));

        SessionVerdict alice = Judge.judge(policy, session("alice", Optional.of(60)), PROD,
                Instant.parse("2026-12-07T09:30:00Z"));
        assertThat(alice.protectedBy()).isEmpty();
        assertThat(alice.terminate()).isPresent();
    }

    @Test
    void aTargetWithoutTierDecidingTagsIsAnOwnershipGap() {
        SessionVerdict v = Judge.judge(policy(60, ""), session("alice", Optional.of(30)), Map.of("Owner", "x"),
                START.plusSeconds(60));
        assertThat(v.tier().name()).isEqualTo("untagged");
        assertThat(v.findings()).extracting(Finding::type).containsExactly(FindingType.UNTAGGED_TARGET);
        SessionVerdict otherValue = Judge.judge(policy(60, ""), session("alice", Optional.of(30)),
                Map.of("Environment", "qa"), START.plusSeconds(60));
        assertThat(otherValue.tier().name()).isEqualTo("untagged");
        assertThat(otherValue.findings()).as("tagged, just no tier for the value").isEmpty();
    }

    @Test
    void aSessionIdleForItsTierLimitIsTerminatedFromTheMomentItCrossedItAndUnknownActivityIsNotIdle() {
        // prod's idle limit is 1 minute; last activity 2 minutes after the start, judged 4 minutes after it.
        Instant last = START.plus(Duration.ofMinutes(2));
        Instant now = START.plus(Duration.ofMinutes(4));
        SessionVerdict idle = Judge.judge(policy(60, ""), session("alice", Optional.of(60)), PROD, Optional.of(last),
                now);
        assertThat(idle.idle()).contains(Duration.ofMinutes(2));
        assertThat(idle.findings()).extracting(Finding::type).containsExactly(FindingType.IDLE_OVER_LIMIT);
        assertThat(idle.limitCrossedAt()).contains(last.plus(Duration.ofMinutes(1)));
        assertThat(idle.terminate()).hasValueSatisfying(r -> assertThat(r).startsWith("idle beyond the limit"));

        SessionVerdict justActive = Judge.judge(policy(60, ""), session("alice", Optional.of(60)), PROD,
                Optional.of(now.minusSeconds(59)), now);
        assertThat(justActive.terminate()).isEmpty();

        SessionVerdict unknown = Judge.judge(policy(60, ""), session("alice", Optional.of(60)), PROD, now);
        assertThat(unknown.idle()).isEmpty();
        assertThat(unknown.findings()).isEmpty();
        assertThat(unknown.terminate()).isEmpty();
    }

    @Test
    void overTheMaximumAndIdleCountsFromTheFirstLimitCrossed() {
        Instant now = START.plus(Duration.ofMinutes(70));
        SessionVerdict both = Judge.judge(policy(60, ""), session("alice", Optional.of(60)), PROD,
                Optional.of(START.plus(Duration.ofMinutes(30))), now);
        assertThat(both.findings()).extracting(Finding::type)
                .containsExactlyInAnyOrder(FindingType.OVER_MAX, FindingType.IDLE_OVER_LIMIT);
        assertThat(both.limitCrossedAt()).contains(START.plus(Duration.ofMinutes(31)));
    }

    @Test
    void tighteningTheMaximumNeverRemovesATermination() {
        for (int age = 0; age <= 200; age += 7) {
            Instant now = START.plus(Duration.ofMinutes(age));
            for (int max = 1; max <= 180; max += 11) {
                boolean loose = Judge.judge(policy(max + 11, ""), session("alice", Optional.of(1)), PROD, now)
                        .terminate().isPresent();
                boolean strict = Judge.judge(policy(max, ""), session("alice", Optional.of(1)), PROD, now)
                        .terminate().isPresent();
                assertThat(!loose || strict).as("age %d, max %d", age, max).isTrue();
                assertThat(strict).isEqualTo(age >= max);
            }
        }
    }

    private static Policy policy(int prodMax, String more) {
        return PolicyLoader.parse("""
                scope: {accounts: [{id: "123456789012"}], regions: [us-east-1]}
                tiers:
                  - {name: prod, match: {Environment: prod}, idleMinutes: 1, maxMinutes: %d}
                defaultTier: {name: untagged, idleMinutes: 20, maxMinutes: 120}
                %s""".formatted(prodMax, more), "judge-test.yaml");
    }

    private static ObservedSession session(String user, Optional<Integer> documentMax) {
        return new ObservedSession(user + "-0123456789abcdef0", "i-1", "arn:aws:iam::123456789012:user/" + user,
                "Connected", START, "SSM-SessionManagerRunShell", documentMax.map(Duration::ofMinutes));
    }
}
