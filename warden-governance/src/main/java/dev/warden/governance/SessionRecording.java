package dev.warden.governance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.judge.Finding;
import dev.warden.governance.judge.SessionVerdict;
import dev.warden.governance.kpi.Kpis;
import dev.warden.governance.trail.AuditRecord;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.Payloads;
import dev.warden.governance.trail.RecordKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which sessions a pass records. Recording every session on every pass would make a fleet of 10,000 sessions
 * watched every minute add 14 million records a day, nearly all saying "nothing changed". A session's observation
 * (with its findings) is therefore appended only when
 * <ul>
 *   <li>the trail has no observation of it yet (it is new),</li>
 *   <li>its judged state differs from its last recorded observation: tier, status or the types of its findings,
 *       or</li>
 *   <li>its last recorded observation is of an earlier ISO week or calendar quarter: the KPIs count distinct
 *       sessions and findings per week and per quarter, and this keeps every session counted in every period
 *       in which a pass saw it, exactly as if every pass recorded it.</li>
 * </ul>
 * The previous state is read from the trail itself (the latest observation of each session, by the index on the
 * session id), so a restart or another process changes nothing. Age, time left and idle time move on every pass
 * and are not part of the state: the observation that is recorded carries them as of that pass.
 */
final class SessionRecording {

    private SessionRecording() {
    }

    /** The verdicts whose sessions are to be recorded by this pass, in their order. */
    static List<SessionVerdict> toRecord(AuditTrail trail, AccountRegion pair, List<SessionVerdict> verdicts,
                                         Instant now) {
        if (verdicts.isEmpty()) {
            return List.of();
        }
        Map<String, AuditRecord> last = trail.latestOfSessions(RecordKind.OBSERVATION, pair.accountId(),
                pair.region(), verdicts.stream().map(v -> v.session().sessionId()).toList());
        List<SessionVerdict> record = new ArrayList<>();
        for (SessionVerdict v : verdicts) {
            AuditRecord previous = last.get(v.session().sessionId());
            if (previous == null || !samePeriods(previous.recordedAt(), now)
                    || !sameState(Payloads.decode(previous.payload()), v)) {
                record.add(v);
            }
        }
        return record;
    }

    /** The types of the verdict's findings, as its observation records them (sorted, distinct). */
    static List<String> findingTypes(SessionVerdict v) {
        return v.findings().stream().map(Finding::type).map(Enum::name).distinct().sorted().toList();
    }

    private static boolean samePeriods(Instant a, Instant b) {
        return Kpis.week(a).equals(Kpis.week(b)) && Kpis.quarter(a).equals(Kpis.quarter(b));
    }

    private static boolean sameState(JsonNode recorded, SessionVerdict v) {
        if (!recorded.path("findings").isArray()) {
            return false;
        }
        List<String> recordedFindings = new ArrayList<>();
        recorded.get("findings").forEach(f -> recordedFindings.add(f.asText()));
        return recorded.path("tier").asText().equals(v.tier().name())
                && recorded.path("status").asText().equals(String.valueOf(v.session().status()))
                && recordedFindings.equals(findingTypes(v));
    }
}
