package dev.warden.governance.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.RecordKind;
import dev.warden.governance.trail.Subject;
import dev.warden.sandbox.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainStatusTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();

    @Test
    void newRecordsAreCheckedOnEveryLoadAndTheWholeChainAgainOnceItsCheckIsOld() {
        clock.fixAt(Instant.parse("2026-12-07T10:00:00Z"));
        try (GovernanceStore store = StoreKind.SQLITE.open(dir)) {
            AuditTrail trail = new AuditTrail(store, clock);
            appendSome(trail, 5);
            ChainStatus status = new ChainStatus(trail, clock);

            ChainStatus.Checked first = status.current();
            assertThat(first.report().intact()).isTrue();
            assertThat(first.report().records()).isEqualTo(5);
            assertThat(first.everyRecordCheckedAt()).isEqualTo(clock.instant());

            clock.advance(Duration.ofMinutes(1));
            appendSome(trail, 3);
            ChainStatus.Checked second = status.current();
            assertThat(second.report()).isEqualTo(trail.verify());
            assertThat(second.everyRecordCheckedAt()).as("only the new records were read")
                    .isEqualTo(first.everyRecordCheckedAt());

            // A record behind the last verified head is changed: the next whole-chain check finds it.
            store.jdbi().useHandle(h -> h.execute("UPDATE audit_record SET payload = '{}' WHERE seq = 2"));
            clock.advance(ChainStatus.FULL_CHECK_EVERY);
            ChainStatus.Checked third = status.current();
            assertThat(third.report().intact()).isFalse();
            assertThat(third.report().firstBreak().orElseThrow().seq()).isEqualTo(2);
            assertThat(third.everyRecordCheckedAt()).isEqualTo(clock.instant());

            clock.advance(Duration.ofSeconds(1));
            assertThat(status.current().report().intact()).as("a broken chain is verified in full each time")
                    .isFalse();
        }
    }

    @Test
    void aTruncatedTailIsSeenOnTheNextLoad() {
        clock.fixAt(Instant.parse("2026-12-07T10:00:00Z"));
        try (GovernanceStore store = StoreKind.SQLITE.open(dir)) {
            AuditTrail trail = new AuditTrail(store, clock);
            appendSome(trail, 6);
            ChainStatus status = new ChainStatus(trail, clock);
            assertThat(status.current().report().intact()).isTrue();

            store.jdbi().useHandle(h -> h.execute("DELETE FROM audit_record WHERE seq > 4"));
            clock.advance(Duration.ofSeconds(5));
            ChainStatus.Checked after = status.current();
            assertThat(after.report().intact()).isFalse();
            assertThat(after.report().firstBreak().orElseThrow().seq()).isEqualTo(6);
        }
    }

    private static void appendSome(AuditTrail trail, int n) {
        for (int i = 0; i < n; i++) {
            trail.append(RecordKind.OBSERVATION, Subject.of("123456789012", "us-east-1"), Map.of("n", i));
        }
    }
}
