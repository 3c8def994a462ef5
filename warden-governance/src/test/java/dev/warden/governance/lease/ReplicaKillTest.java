package dev.warden.governance.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditRecord;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.ChainReport;
import dev.warden.governance.trail.RecordKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas as separate processes on one real PostgreSQL, doing work that comes due per unit and time slot; one
 * is killed with SIGKILL in the middle of the run. Every piece of work is still done, within one lease period of
 * its due time, and sent to the receiver once; each is recorded once and the audit chain verifies.
 */
class ReplicaKillTest {

    private static final Duration PERIOD = Duration.ofSeconds(2);
    /** Scheduling slack of a busy two-core machine (two JVMs, PostgreSQL, the build) on top of the bound. */
    private static final Duration SLACK = Duration.ofMillis(750);
    private static final int UNITS = 8;
    private static final long SLOT_MILLIS = 250;
    private static final int SLOTS = 32;

    @TempDir
    Path dir;

    /** A receipt at the receiver. */
    record Receipt(String key, String holder, boolean resumed, Instant at) {
    }

    private final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> held = new ConcurrentHashMap<>();
    private final Map<String, List<String>> acquisitions = new ConcurrentHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private HttpServer receiver;

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void workOfAReplicaKilledMidRunIsDoneByTheOtherOnTimeAndOnce() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/work", exchange -> {
            String[] body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split(" ");
            if (!body[0].equals("warm-up")) {
                receipts.add(new Receipt(body[0], body[1], Boolean.parseBoolean(body[2]), Instant.now()));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String location = StoreKind.POSTGRES.newLocation(dir);
        Process a = start(location, "replica-a");
        Process b = start(location, "replica-b");
        await().atMost(Duration.ofSeconds(30)).until(() -> held("replica-a").size() == UNITS / 2
                && held("replica-b").size() == UNITS / 2);
        Set<String> ofA = Set.copyOf(held("replica-a"));
        // The run's work comes due once both replicas are up (a JVM each) and have split the units.
        Instant firstDue = Instant.now().plusMillis(500);
        for (Process p : List.of(a, b)) {
            p.getOutputStream().write((firstDue.toEpochMilli() + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
        }

        Instant kill = firstDue.plusMillis(SLOT_MILLIS * SLOTS / 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Instant.now().isBefore(kill));
        assertThat(receipts).as("a has done work before it is killed").anyMatch(r -> r.holder().equals("replica-a"));
        a.destroyForcibly();   // SIGKILL: no shutdown hook, no release of its leases
        a.waitFor();
        Instant killed = Instant.now();

        Instant lastDue = firstDue.plusMillis(SLOT_MILLIS * (SLOTS - 1));
        await().atMost(Duration.between(Instant.now(), lastDue).plus(PERIOD).plusSeconds(10))
                .until(() -> receipts.stream().map(Receipt::key).distinct().count() == (long) UNITS * SLOTS);
        Thread.sleep(500); // a duplicate, if any, would arrive now

        for (String unit : ofA) {
            assertThat(acquisitions.getOrDefault("replica-b", List.of())).as("b took over %s", unit).contains(unit);
        }
        Map<String, List<Receipt>> byKey = receipts.stream().collect(Collectors.groupingBy(Receipt::key));
        for (int u = 1; u <= UNITS; u++) {
            for (int s = 0; s < SLOTS; s++) {
                String key = "due:pair:" + u + ":" + s;
                List<Receipt> got = byKey.get(key);
                assertThat(got).as("%s sent", key).isNotNull();
                // Sent twice only if a was killed between sending and recording it: then b resumed the open claim.
                assertThat(got.stream().filter(r -> !r.resumed())).as("%s sent once", key).hasSizeLessThanOrEqualTo(1);
                // Work due before the kill was a's to do; had a not done it yet, b's lease period starts at the kill.
                Instant due = later(firstDue.plusMillis(SLOT_MILLIS * s), killed);
                assertThat(Duration.between(due, got.get(0).at())).as("%s done within one lease period of its due"
                        + " time or of the kill, whichever is later", key).isLessThanOrEqualTo(PERIOD.plus(SLACK));
            }
        }
        Duration worst = byKey.values().stream().map(r -> r.get(0)).filter(r -> ofA.contains(unitOf(r.key())))
                .map(r -> Duration.between(later(firstDue.plusMillis(SLOT_MILLIS * slotOf(r.key())), killed), r.at()))
                .max(Duration::compareTo).orElseThrow();
        System.out.println("ReplicaKillTest: lease period " + PERIOD.toMillis() + " ms; the killed replica's work was"
                + " done at most " + worst.toMillis() + " ms after its due time or the kill, whichever is later");
        long resumedTwice = byKey.values().stream().filter(r -> r.size() > 1).count();
        assertThat(resumedTwice).as("work sent twice (a killed between sending and recording)").isLessThanOrEqualTo(1);
        assertThat(receipts).as("b does a's work after the kill")
                .anyMatch(r -> r.holder().equals("replica-b") && ofA.contains(unitOf(r.key())) && r.at().isAfter(killed));

        try (GovernanceStore store = GovernanceStore.open(location)) {
            AuditTrail trail = new AuditTrail(store, Clock.systemUTC());
            ChainReport report = trail.verify();
            assertThat(report.firstBreak()).isEmpty();
            List<AuditRecord> actions = trail.records(RecordKind.ACTION, Instant.EPOCH, Instant.now().plusSeconds(60));
            Map<String, Long> recorded = actions.stream().collect(Collectors.groupingBy(
                    r -> r.payload().replaceAll(".*\"work\":\"([^\"]+)\".*", "$1"), Collectors.counting()));
            assertThat(recorded).hasSize(UNITS * SLOTS);
            assertThat(recorded.values()).as("each piece of work recorded once").containsOnly(1L);
        }
    }

    private Process start(String location, String holder) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ReplicaProcess.class.getName(), location, holder,
                Long.toString(PERIOD.toMillis()), "http://127.0.0.1:" + receiver.getAddress().getPort() + "/work",
                Long.toString(SLOT_MILLIS), Integer.toString(SLOTS),
                Integer.toString(UNITS))
                .redirectErrorStream(true).start();
        processes.add(p);
        Thread reader = new Thread(() -> follow(holder, p), "output-of-" + holder);
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    /** Keeps track of the units each replica holds, from its standard output. */
    private void follow(String holder, Process p) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                String[] words = line.split(" ");
                if (words.length >= 3 && words[0].equals("lease") && words[1].equals("acquired")) {
                    held(holder).add(words[2]);
                    acquisitions.computeIfAbsent(holder, h -> new CopyOnWriteArrayList<>()).add(words[2]);
                } else if (words.length >= 3 && words[0].equals("lease") && words[1].equals("lost")) {
                    held(holder).remove(words[2]);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private Set<String> held(String holder) {
        return held.computeIfAbsent(holder, h -> ConcurrentHashMap.newKeySet());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static int slotOf(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf(':') + 1));
    }

    private static String unitOf(String key) {
        return key.substring("due:".length(), key.lastIndexOf(':'));
    }
}
