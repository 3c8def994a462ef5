package dev.warden.governance.watch;

import static dev.warden.governance.testing.GovernedSandbox.WEB_PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.lease.Lease;
import dev.warden.governance.lease.LeaseStore;
import dev.warden.governance.lease.LeaseUnits;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.GovernedSandbox;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.RecordKind;
import dev.warden.sandbox.testing.SandboxFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.model.Session;
import software.amazon.awssdk.services.ssm.model.SessionFilter;
import software.amazon.awssdk.services.ssm.model.SessionFilterKey;
import software.amazon.awssdk.services.ssm.model.SessionState;

/**
 * Two watch replicas as separate processes on one real PostgreSQL and the sandbox; the one holding the pair is
 * killed with SIGKILL while sessions are coming due. Every due session is still terminated within one lease period
 * of its limit, with one TerminateSession call, recorded once, each warning is sent once, and the audit chain
 * verifies. ({@code WatchReplicasCommandTest} in warden-cli does the same with {@code warden govern watch} processes,
 * killing the holder at its worst moment.)
 */
class WatchReplicasTest {

    private static final Duration PERIOD = Duration.ofSeconds(4);
    private static final Duration PASS_INTERVAL = Duration.ofSeconds(1);
    private static final int SESSIONS = 6;
    private static final AccountRegion PAIR = new AccountRegion(GovernedSandbox.ACCOUNT, "us-east-1");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final AlertReceiver alerts = new AlertReceiver();
    private SandboxFixture sandbox;

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        alerts.close();
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void sessionsOfAReplicaKilledWhileTheyComeDueAreTerminatedByTheOtherOnTimeAndOnce() throws Exception {
        sandbox = GovernedSandbox.start();
        String location = StoreKind.POSTGRES.newLocation(dir);
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                scope: {accounts: [{id: "123456789012"}], regions: [us-east-1]}
                tiers:
                  - {name: prod, match: {Environment: prod}, idleMinutes: 15, maxMinutes: 60}
                defaultTier: {idleMinutes: 20, maxMinutes: 120}
                warningLeadMinutes: 1
                alerts: {webhook: "%s"}
                """.formatted(alerts.url()));
        Process a = start(location, policy);
        Process b = start(location, policy);

        try (GovernanceStore store = GovernanceStore.open(location)) {
            LeaseStore leases = new LeaseStore(store);
            Lease first = await().atMost(Duration.ofSeconds(30)).until(() -> leases.find(LeaseUnits.pair(PAIR))
                    .filter(l -> l.expiresAt().isAfter(Instant.now())).orElse(null), l -> l != null);
            Process holder = holderOf(first, a, b);
            Process survivor = holder == a ? b : a;

            // Due one after another from 6 s on; the holder's pass finds them and warns at once (lead 1 min).
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                sessions.add(startReachingLimitIn(Duration.ofSeconds(6 + i)));
            }
            for (String s : sessions) {
                await().atMost(Duration.ofSeconds(30)).until(() -> alerts.containing(s + " ends in").size() == 1);
            }
            Session firstEnded = await().atMost(Duration.ofSeconds(30))
                    .until(() -> ended(sessions.get(0)).orElse(null), x -> x != null);
            Instant firstLimit = firstEnded.startDate().plus(Duration.ofMinutes(60));
            // Killed half way between two limits, while the rest are still coming due.
            Instant kill = firstLimit.plusMillis(1500);
            await().atMost(Duration.ofSeconds(30)).until(() -> !Instant.now().isBefore(kill));
            holder.destroyForcibly();   // SIGKILL: no shutdown hook, its lease is not given up
            assertThat(holder.waitFor()).as("SIGKILL").isEqualTo(137);

            for (String s : sessions) {
                Session ended = await().atMost(Duration.ofSeconds(60)).until(() -> ended(s).orElse(null), x -> x != null);
                Instant limit = ended.startDate().plus(Duration.ofMinutes(60));
                assertThat(ended.endDate()).as("%s not before its limit", s).isAfterOrEqualTo(limit);
                assertThat(ended.endDate()).as("%s ended within a lease period of its limit", s)
                        .isBeforeOrEqualTo(limit.plus(PERIOD));
            }
            Lease taken = leases.find(LeaseUnits.pair(PAIR)).orElseThrow();
            assertThat(taken.fence()).as("the survivor took the pair over").isGreaterThan(first.fence());
            assertThat(holderOf(taken, a, b)).isSameAs(survivor);
            Thread.sleep(PASS_INTERVAL.multipliedBy(2).toMillis()); // a second termination or alert would come now

            AuditTrail trail = new AuditTrail(store, Clock.systemUTC());
            for (String s : sessions) {
                assertThat(trail.records(RecordKind.ACTION, Instant.EPOCH, Instant.now().plusSeconds(60)).stream()
                        .filter(r -> s.equals(r.subject().sessionId()))).as("%s recorded once", s).hasSize(1);
                assertThat(alerts.containing(s + " ends in")).as("%s warned once", s).hasSize(1);
                assertThat(sandbox.server().apiCalls().count("ssm", "TerminateSession", s))
                        .as("TerminateSession calls for %s", s).isEqualTo(1);
            }
            assertThat(trail.verify().firstBreak()).isEmpty();
        }
    }

    private Process start(String location, Path policy) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WatchReplicaProcess.class.getName(), location,
                sandbox.endpoint().toString(), policy.toString(), Long.toString(PERIOD.toMillis()),
                Long.toString(PASS_INTERVAL.toMillis()))
                .redirectErrorStream(true).start();
        processes.add(p);
        CountDownLatch watching = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.equals("watching")) {
                        watching.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "output-of-replica-" + p.pid());
        reader.setDaemon(true);
        reader.start();
        assertThat(watching.await(60, TimeUnit.SECONDS)).as("replica %s started", p.pid()).isTrue();
        return p;
    }

    /** The replica a lease's holder names (host:pid:random). */
    private static Process holderOf(Lease lease, Process a, Process b) {
        long pid = Long.parseLong(lease.holder().split(":")[1]);
        return pid == a.pid() ? a : b;
    }

    private String startReachingLimitIn(Duration untilLimit) {
        sandbox.clock().skew(untilLimit.minus(Duration.ofMinutes(60)));
        try {
            return sandbox.ssm().startSession(r -> r.target(WEB_PROD)).sessionId();
        } finally {
            sandbox.clock().skew(Duration.ZERO);
        }
    }

    private Optional<Session> ended(String sessionId) {
        return sandbox.ssm().describeSessions(r -> r.state(SessionState.HISTORY).filters(SessionFilter.builder()
                .key(SessionFilterKey.SESSION_ID).value(sessionId).build())).sessions().stream().findFirst();
    }
}
