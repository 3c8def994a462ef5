package dev.warden.governance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.governance.policy.Exemption;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditRecord;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.Payloads;
import dev.warden.governance.trail.RecordKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runtime exemptions on both stores: kept, revoked once, listed for the judge, each change recorded. */
class GrantedExemptionsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void grantsAndRevokesAreKeptAndRecordedAndOnlyTheNotRevokedReachTheJudge(StoreKind kind) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, clock);
            GrantedExemptions granted = new GrantedExemptions(store, trail, clock);
            Exemption bob = new Exemption(Optional.of("arn:aws:iam::*:user/bob"), Optional.empty(),
                    Optional.of("migration night"), Optional.empty(), NOW.plusSeconds(3600));
            Exemption box = new Exemption(Optional.empty(), Optional.of("i-0123456789abcdef0"), Optional.empty(),
                    Optional.of("INC-1"), NOW.minusSeconds(60));
            GrantedExemption first = granted.grant(bob, "oona");
            GrantedExemption second = granted.grant(box, "oona");

            assertThat(granted.find(first.id())).contains(first);
            assertThat(granted.notRevoked()).containsExactlyInAnyOrder(bob, box);
            assertThat(granted.revoke(second.id(), "olaf")).isTrue();
            assertThat(granted.revoke(second.id(), "olaf")).isFalse();
            assertThat(granted.revoke("no-such-id", "olaf")).isFalse();
            assertThat(granted.notRevoked()).containsExactly(bob);
            assertThat(granted.all()).hasSize(2).anySatisfy(g -> {
                assertThat(g.id()).isEqualTo(second.id());
                assertThat(g.revokedAt()).contains(NOW);
            });

            List<AuditRecord> actions = trail.records(RecordKind.ACTION, Instant.EPOCH, NOW.plusSeconds(1));
            assertThat(actions).extracting(r -> Payloads.decode(r.payload()).get("action").asText())
                    .containsExactly("exemption-grant", "exemption-grant", "exemption-revoke");
            JsonNode revoke = Payloads.decode(actions.get(2).payload());
            assertThat(revoke.get("id").asText()).isEqualTo(second.id());
            assertThat(revoke.get("ticket").asText()).isEqualTo("INC-1");
            assertThat(revoke.get("revokedBy").asText()).isEqualTo("olaf");
            assertThat(actions.get(2).subject().target()).isEqualTo("i-0123456789abcdef0");
            assertThat(trail.verify().intact()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void anExemptionNamesWhoOrWhereAndWhy(StoreKind kind) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        try (GovernanceStore store = kind.open(dir)) {
            GrantedExemptions granted = new GrantedExemptions(store, new AuditTrail(store, clock), clock);
            assertThatThrownBy(() -> granted.grant(new Exemption(Optional.empty(), Optional.empty(),
                    Optional.of("why"), Optional.empty(), NOW), "oona"))
                    .hasMessage("an exemption names a principal pattern, a target or both");
            assertThatThrownBy(() -> granted.grant(new Exemption(Optional.of("*"), Optional.empty(),
                    Optional.empty(), Optional.empty(), NOW), "oona"))
                    .hasMessage("an exemption says why: a reason, a ticket or both");
            assertThat(granted.all()).isEmpty();
        }
    }
}
