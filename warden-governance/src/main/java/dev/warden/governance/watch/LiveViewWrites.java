package dev.warden.governance.watch;

import dev.warden.governance.Governance;
import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.events.EventLedger;
import dev.warden.governance.judge.SessionVerdict;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GroupCommit;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What watch writes into the store between passes as sessions start and end: a session seen active goes into the
 * live view; one that ended comes out of it and is remembered as ended in the event ledger, so that a late
 * StartSession does not bring it back. The writes take a handle, to share a commit with an event's claim.
 */
final class LiveViewWrites {

    private final EventLedger ledger;
    private final ActiveSessions live;
    private final GroupCommit commits;

    LiveViewWrites(EventLedger ledger, ActiveSessions live, GroupCommit commits) {
        this.ledger = ledger;
        this.live = live;
        this.commits = commits;
    }

    /** Writes the judged sessions of a pair into the live view, as seen at {@code seenAt}. */
    void active(Handle h, AccountRegion pair, List<SessionVerdict> verdicts, Instant seenAt) {
        verdicts.forEach(v -> live.upsert(h, Governance.activeSession(pair, v, seenAt)));
    }

    /** Remembers that the session ended and takes it out of the live view; true. */
    boolean ended(Handle h, SessionKey key, Instant at) {
        ledger.markEnded(h, key, at);
        live.remove(h, key.accountId(), key.region(), key.sessionId());
        return true;
    }

    /** {@link #ended(Handle, SessionKey, Instant)} in a commit of its own (shared with other threads' writes). */
    void ended(SessionKey key, Instant at) {
        commits.write(h -> ended(h, key, at));
    }
}
