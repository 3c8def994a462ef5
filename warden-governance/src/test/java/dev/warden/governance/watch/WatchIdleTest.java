package dev.warden.governance.watch;

import static dev.warden.governance.testing.GovernedSandbox.DB_PROD;
import static dev.warden.governance.testing.GovernedSandbox.WEB_PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.testing.GovernedSandbox;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.Payloads;
import dev.warden.governance.trail.RecordKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.Session;
import software.amazon.awssdk.services.ssm.model.SessionState;

/**
 * Watch's idle checks on the sandbox with its CloudWatch Logs emulation: a session that logs to CloudWatch gets an
 * idle check at its last activity plus its tier's idle limit (15 min for prod). Still idle then, it is terminated
 * within 2 seconds of that moment, recorded as idle; active since, its check is set again and it runs on. The passes
 * are an hour apart, so only the idle check can end it.
 */
class WatchIdleTest {

    private static final Duration PROD_IDLE = Duration.ofMinutes(15);
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private WatchRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void anIdleLoggedSessionIsTerminatedWhenItsIdleLimitComesAndAnActiveOneIsCheckedAgainLater() {
        rig = new WatchRig(dir, StoreKind.SQLITE, "");
        // A group older than the sessions (the sandbox writes a session's stream only to a group that existed when
        // it started), and a document that logs to it.
        rig.sandbox.clock().skew(PROD_IDLE.plusMinutes(1).negated());
        try {
            rig.aws.logs(rig.policy.scope().accounts().get(0), "us-east-1")
                    .createLogGroup(r -> r.logGroupName("/aws/ssm/idle-watch"));
        } finally {
            rig.sandbox.clock().skew(Duration.ZERO);
        }
        rig.ssm.createDocument(r -> r.name("Logged-Shell").documentType(DocumentType.SESSION)
                .documentFormat(DocumentFormat.JSON).content("""
                        {"schemaVersion":"1.0","description":"logged shell","sessionType":"Standard_Stream",
                         "inputs":{"cloudWatchLogGroupName":"/aws/ssm/idle-watch"}}"""));
        // Both idle since they started: the active one reaches its idle limit 4 s from now, the idle one 7 s.
        String active = startLoggedIdleUntil(DB_PROD, Duration.ofSeconds(4));
        String idle = startLoggedIdleUntil(WEB_PROD, Duration.ofSeconds(7));
        rig.startWatch(Duration.ofHours(1));
        await().atMost(WAIT).until(() -> rig.watch.get().watchedSessions().get(key(idle)).isPresent()
                && rig.watch.get().watchedSessions().get(key(active)).isPresent());
        // Activity after the pass read it: only the check, reading again, can know.
        rig.sandbox.server().sessions().recordActivity(active);

        Session ended = await().atMost(WAIT).until(() -> rig.ended(idle).orElse(null), s -> s != null);
        Instant idleLimit = ended.startDate().plus(PROD_IDLE);
        assertThat(Duration.between(idleLimit, ended.endDate())).isBetween(Duration.ZERO, BOUND);
        await().atMost(WAIT).until(() -> rig.records(RecordKind.ACTION, idle).size() == 1);
        JsonNode action = Payloads.decode(rig.records(RecordKind.ACTION, idle).get(0).payload());
        assertThat(action.get("reason").asText()).startsWith("idle beyond the limit of tier prod (15 min)");
        assertThat(action.get("outcome").asText()).isEqualTo("TERMINATED");

        // The active session's check came first (its limit 3 s earlier), found the activity and set itself again.
        assertThat(rig.ssm.describeSessions(r -> r.state(SessionState.ACTIVE)).sessions())
                .extracting(Session::sessionId).contains(active).doesNotContain(idle);
        assertThat(rig.records(RecordKind.ACTION, active)).isEmpty();
        assertThat(rig.watch.get().watchedSessions().get(key(active))).hasValueSatisfying(s ->
                assertThat(s.state()).isIn(WatchedSession.State.WATCHED, WatchedSession.State.WARNED));
    }

    /** A session on {@code target} under the logged document, idle since its start, at its idle limit so soon. */
    private String startLoggedIdleUntil(String target, Duration untilIdleLimit) {
        rig.sandbox.clock().skew(untilIdleLimit.minus(PROD_IDLE));
        try {
            return rig.ssm.startSession(r -> r.target(target).documentName("Logged-Shell")).sessionId();
        } finally {
            rig.sandbox.clock().skew(Duration.ZERO);
        }
    }

    private static SessionKey key(String sessionId) {
        return new SessionKey(GovernedSandbox.ACCOUNT, "us-east-1", sessionId);
    }
}
