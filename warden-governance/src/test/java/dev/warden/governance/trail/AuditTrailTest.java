package dev.warden.governance.trail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.StoreKind;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The audit trail's contract, on SQLite and on a real PostgreSQL. */
class AuditTrailTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:15:30.123456Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void appendedRecordsFormAnIntactChain(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, CLOCK);
            AuditRecord first = trail.append(RecordKind.OBSERVATION, Subject.of("123456789012", "us-east-1"),
                    Map.of("sessions", 3, "when", Instant.parse("2026-12-07T10:00:00Z")));
            List<AuditRecord> more = appendFour(trail);

            assertThat(first.seq()).isEqualTo(1);
            assertThat(first.prevHash()).isEqualTo(ChainHash.GENESIS);
            assertThat(first.recordedAt()).isEqualTo(Instant.parse("2026-12-07T10:15:30.123Z"));
            assertThat(first.payload()).isEqualTo("{\"sessions\":3,\"when\":\"2026-12-07T10:00:00Z\"}");
            assertThat(more.get(0).prevHash()).isEqualTo(first.hash());
            assertThat(trail.size()).isEqualTo(5);
            ChainReport report = trail.verify();
            assertThat(report.intact()).isTrue();
            assertThat(report.records()).isEqualTo(5);
            assertThat(report.headHash()).isEqualTo(more.get(3).hash());
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aModifiedRecordIsNamed(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, CLOCK);
            appendFour(trail);
            store.jdbi().useHandle(h -> h.execute(
                    "UPDATE audit_record SET payload = '{\"reason\":\"nothing happened\"}' WHERE seq = 3"));
            ChainReport report = trail.verify();
            assertThat(report.firstBreak()).contains(new ChainReport.Break(3,
                    "its content does not match its hash (modified)"));
            assertThat(report.headHash()).as("the head is the last intact record, 2")
                    .isEqualTo(trail.records(RecordKind.FINDING, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))
                            .get(0).hash());
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aModifiedSubjectColumnIsDetectedToo(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, CLOCK);
            appendFour(trail);
            store.jdbi().useHandle(h -> h.execute("UPDATE audit_record SET session_id = 'alice-other' WHERE seq = 2"));
            assertThat(trail.verify().firstBreak()).map(ChainReport.Break::seq).contains(2L);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aDeletedRecordIsNamed(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, CLOCK);
            appendFour(trail);
            store.jdbi().useHandle(h -> h.execute("DELETE FROM audit_record WHERE seq = 2"));
            assertThat(trail.verify().firstBreak()).contains(new ChainReport.Break(2,
                    "record 2 is missing: the next record is 3 (deleted)"));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aDeletionHiddenByRenumberingIsStillNamed(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, CLOCK);
            appendFour(trail);
            store.jdbi().useHandle(h -> {
                h.execute("DELETE FROM audit_record WHERE seq = 2");
                h.execute("UPDATE audit_record SET seq = 2 WHERE seq = 3");
            });
            assertThat(trail.verify().firstBreak()).map(ChainReport.Break::seq).contains(2L);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void reorderedRecordsAreNamed(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, CLOCK);
            appendFour(trail);
            // Swap records 2 and 3 by their sequence numbers.
            store.jdbi().useHandle(h -> {
                h.execute("UPDATE audit_record SET seq = 100 WHERE seq = 2");
                h.execute("UPDATE audit_record SET seq = 2 WHERE seq = 3");
                h.execute("UPDATE audit_record SET seq = 3 WHERE seq = 100");
            });
            ChainReport report = trail.verify();
            assertThat(report.firstBreak()).contains(new ChainReport.Break(2,
                    "its previous hash is not the hash of record 1 (a record before it was deleted, inserted or "
                            + "reordered)"));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void appendingContinuesTheChainAcrossReopening(StoreKind kind) {
        Path sqliteDir = dir;
        if (kind == StoreKind.POSTGRES) {
            return; // a reopened PostgreSQL store is the same database; the SQLite file shows the point
        }
        String file = sqliteDir.resolve("reopen.db").toString();
        try (GovernanceStore store = GovernanceStore.open(file)) {
            appendFour(new AuditTrail(store, CLOCK));
        }
        try (GovernanceStore store = GovernanceStore.open(file)) {
            AuditTrail trail = new AuditTrail(store, CLOCK);
            assertThat(trail.append(RecordKind.ALERT, Subject.NONE, Map.of()).seq()).isEqualTo(5);
            assertThat(trail.verify().intact()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void theExportIsOneJsonLinePerRecordWithTheHashedPayloadVerbatim(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, CLOCK);
            List<AuditRecord> records = appendFour(trail);
            StringWriter out = new StringWriter();
            assertThat(TrailExport.write(trail, out)).isEqualTo(4);
            String[] lines = out.toString().split("\n");
            assertThat(lines).hasSize(4);
            assertThat(lines[2]).isEqualTo("{\"seq\":3,\"recordedAt\":\"2026-12-07T10:15:30.123Z\",\"kind\":\"ACTION\","
                    + "\"accountId\":\"123456789012\",\"region\":\"us-east-1\",\"sessionId\":\"alice-1\","
                    + "\"target\":\"i-1\",\"payload\":{\"action\":\"terminate\",\"reason\":\"over the maximum\"},"
                    + "\"prevHash\":\"" + records.get(1).hash() + "\",\"hash\":\"" + records.get(2).hash() + "\"}");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void verifyingAfterAnIntactReportGivesWhatAWholeVerificationGives(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, CLOCK);
            appendFour(trail);
            ChainReport earlier = trail.verify();
            assertThat(trail.verifyAfter(earlier)).as("nothing appended since").isEqualTo(earlier);
            appendFour(trail);
            appendFour(trail);

            ChainReport continued = trail.verifyAfter(earlier);
            assertThat(continued).isEqualTo(trail.verify());
            assertThat(continued.records()).isEqualTo(12);
            assertThat(new AuditTrail(store, CLOCK).verifyAfter(new ChainReport(0, ChainHash.GENESIS,
                    Optional.empty()))).as("from an empty trail").isEqualTo(continued);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void verifyingAfterAReportNamesANewRecordModifiedAndAHeadRewrittenOrDeleted(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, CLOCK);
            appendFour(trail);
            ChainReport earlier = trail.verify();
            appendFour(trail);
            store.jdbi().useHandle(h -> h.execute(
                    "UPDATE audit_record SET payload = '{\"reason\":\"nothing happened\"}' WHERE seq = 6"));
            assertThat(trail.verifyAfter(earlier).firstBreak()).contains(new ChainReport.Break(6,
                    "its content does not match its hash (modified)"));

            store.jdbi().useHandle(h -> h.execute("UPDATE audit_record SET hash = 'rewritten' WHERE seq = 4"));
            assertThat(trail.verifyAfter(earlier).firstBreak()).contains(new ChainReport.Break(4,
                    "its hash changed since the last verification (modified, or the chain rewritten)"));

            store.jdbi().useHandle(h -> h.execute("DELETE FROM audit_record WHERE seq >= 4"));
            assertThat(trail.verifyAfter(earlier).firstBreak()).as("the tail truncated").contains(
                    new ChainReport.Break(4, "record 4, the head of the last verification, is missing (deleted)"));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void recordsAreStreamedByKindAndTime(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, CLOCK);
            appendFour(trail);
            appendFour(trail);
            List<Long> seqs = new ArrayList<>();
            trail.forEach(RecordKind.FINDING, Instant.EPOCH, CLOCK.instant().plusMillis(1), r -> seqs.add(r.seq()));
            assertThat(seqs).containsExactly(2L, 6L);
            trail.forEach(RecordKind.FINDING, Instant.EPOCH, CLOCK.instant().minusMillis(1), r -> seqs.add(r.seq()));
            assertThat(seqs).as("nothing before the records' time").hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void theLatestPairRecordWithAGivenDetailIsFoundPerPair(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, CLOCK);
            Subject east = Subject.of("123456789012", "us-east-1");
            Subject west = Subject.of("123456789012", "us-west-2");
            trail.append(RecordKind.OBSERVATION, east, Map.of("observation", "coverage", "covered", 1));
            AuditRecord eastLatest = trail.append(RecordKind.OBSERVATION, east,
                    Map.of("observation", "coverage", "covered", 2));
            trail.append(RecordKind.OBSERVATION, east, Map.of("pass", "enforce", "activeSessions", 3));
            AuditRecord westLatest = trail.append(RecordKind.OBSERVATION, west,
                    Map.of("covered", 7, "observation", "coverage"));
            trail.append(RecordKind.OBSERVATION, Subject.session("123456789012", "us-west-2", "s-1", "i-1"),
                    Map.of("observation", "coverage", "covered", 99));
            trail.append(RecordKind.OBSERVATION, west, Map.of("observation", "coverage_", "covered", 98));
            trail.append(RecordKind.OBSERVATION, west, Map.of("note", "\"observation\":\"coverage\""));
            trail.append(RecordKind.FINDING, west, Map.of("observation", "coverage", "covered", 97));

            Map<String, AuditRecord> latest = trail.latestPerPair(RecordKind.OBSERVATION, "observation", "coverage",
                    Instant.EPOCH, CLOCK.instant().plusMillis(1));
            assertThat(latest).containsOnly(Map.entry("123456789012/us-east-1", eastLatest),
                    Map.entry("123456789012/us-west-2", westLatest));
            assertThat(trail.latestPerPair(RecordKind.OBSERVATION, "observation", "coverage", Instant.EPOCH,
                    CLOCK.instant())).as("outside the period").isEmpty();
        }
    }

    private static List<AuditRecord> appendFour(AuditTrail trail) {
        Subject session = Subject.session("123456789012", "us-east-1", "alice-1", "i-1");
        return trail.appendAll(List.of(
                new AuditTrail.Entry(RecordKind.OBSERVATION, session, Map.of("status", "Connected")),
                new AuditTrail.Entry(RecordKind.FINDING, session, Map.of("finding", "OVER_MAX")),
                new AuditTrail.Entry(RecordKind.ACTION, session,
                        Map.of("reason", "over the maximum", "action", "terminate")),
                new AuditTrail.Entry(RecordKind.ALERT, Subject.NONE, Map.of("sent", true))));
    }
}
