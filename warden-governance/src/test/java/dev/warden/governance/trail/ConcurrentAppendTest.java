package dev.warden.governance.trail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.StoreKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several writers on one store, each with its own connections as separate replicas have: their appends queue on
 * the chain's head, so that the chain stays one line with no record lost.
 */
class ConcurrentAppendTest {

    private static final int WRITERS = 4;
    private static final int APPENDS_EACH = 60;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void appendsFromSeveralStoresOnOneDatabaseFormOneIntactChain(StoreKind kind) throws Exception {
        String location = kind.newLocation(dir);
        List<GovernanceStore> stores = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int i = 0; i < WRITERS; i++) {
                stores.add(GovernanceStore.open(location));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                AuditTrail trail = new AuditTrail(stores.get(w), Clock.systemUTC());
                String writer = "replica-" + w;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < APPENDS_EACH; i++) {
                        // Single records and two-record batches, as passes and timers append them.
                        if (i % 3 == 0) {
                            trail.appendAll(List.of(
                                    new AuditTrail.Entry(RecordKind.ACTION, Subject.NONE, Map.of("by", writer, "n", i)),
                                    new AuditTrail.Entry(RecordKind.ALERT, Subject.NONE, Map.of("by", writer, "n", i))));
                        } else {
                            trail.append(RecordKind.OBSERVATION, Subject.NONE, Map.of("by", writer, "n", i));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> w : writers) {
                w.get();
            }

            AuditTrail reader = new AuditTrail(stores.get(0), Clock.systemUTC());
            int batches = (APPENDS_EACH + 2) / 3;
            long expected = (long) WRITERS * (APPENDS_EACH + batches);
            ChainReport report = reader.verify();
            assertThat(report.firstBreak()).isEmpty();
            assertThat(report.records()).isEqualTo(expected);
            // Each batch stays contiguous: its two records are neighbours in the chain.
            List<AuditRecord> records = new ArrayList<>();
            reader.forEach(records::add);
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).kind() == RecordKind.ACTION) {
                    assertThat(records.get(i + 1).kind()).isEqualTo(RecordKind.ALERT);
                    assertThat(records.get(i + 1).payload()).isEqualTo(records.get(i).payload());
                }
            }
        } finally {
            pool.shutdownNow();
            stores.forEach(GovernanceStore::close);
        }
    }
}
