package dev.warden.cli.govern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.cli.Main;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.trail.AuditRecord;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.RecordKind;
import dev.warden.governance.trail.Subject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrailCommandsTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void verifyReportsAnIntactChainWithItsHead() {
        String store = dir.resolve("g.db").toString();
        List<AuditRecord> records = threeRecords(store);
        assertThat(run("govern", "verify", "--store", store)).isZero();
        assertThat(out.toString()).contains("audit chain intact: 3 record(s), head " + records.get(2).hash());
    }

    @Test
    void verifyNamesTheFirstBrokenRecordAndExitsOne() {
        String store = dir.resolve("g.db").toString();
        threeRecords(store);
        try (GovernanceStore db = GovernanceStore.open(store)) {
            db.jdbi().useHandle(h -> h.execute("UPDATE audit_record SET kind = 'ALERT' WHERE seq = 2"));
        }
        assertThat(run("govern", "verify", "--store", store)).isEqualTo(1);
        assertThat(err.toString()).contains("audit chain broken at record 2: its content does not match its hash");
    }

    @Test
    void exportWritesOneLinePerRecordToAFile() throws IOException {
        String store = dir.resolve("g.db").toString();
        threeRecords(store);
        Path file = dir.resolve("trail.jsonl");
        assertThat(run("govern", "export", "--store", store, "--output", file.toString())).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("{\"seq\":2,").contains("\"kind\":\"FINDING\"");
        assertThat(err.toString()).contains("3 record(s) written");
    }

    @Test
    void anUnsupportedStoreUrlIsAClearFailure() {
        assertThat(run("govern", "verify", "--store", "jdbc:mysql://db/x?password=hunter2")).isEqualTo(1);
        assertThat(err.toString()).contains("unsupported store URL").doesNotContain("hunter2");
    }

    private static List<AuditRecord> threeRecords(String store) {
        try (GovernanceStore db = GovernanceStore.open(store)) {
            AuditTrail trail = new AuditTrail(db, Clock.systemUTC());
            return trail.appendAll(List.of(
                    new AuditTrail.Entry(RecordKind.OBSERVATION, Subject.NONE, Map.of("n", 1)),
                    new AuditTrail.Entry(RecordKind.FINDING, Subject.NONE, Map.of("n", 2)),
                    new AuditTrail.Entry(RecordKind.ACTION, Subject.NONE, Map.of("n", 3))));
        }
    }

    private int run(String... args) {
        return Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
    }
}
