package dev.warden.governance.watch;

import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.store.GovernanceStore;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * The warnings a single watch process has sent, kept in the store so that a restart (whose first pass sets every
 * session's timers again) does not warn a session twice. Taken before sending: a process that dies between the
 * two leaves the warning unsent rather than sent twice, as replicas do with a resumed claim.
 */
final class SentWarnings {

    private final Jdbi jdbi;

    SentWarnings(GovernanceStore store) {
        this.jdbi = store.jdbi();
    }

    /** True when this call is the first to take the session's warning; false when it was taken before. */
    boolean take(SessionKey key, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO watch_warning (account_id, region, session_id,"
                        + " sent_at) VALUES (:account, :region, :session, :at)"
                        + " ON CONFLICT (account_id, region, session_id) DO NOTHING")
                .bind("account", key.accountId()).bind("region", key.region()).bind("session", key.sessionId())
                .bind("at", at.toEpochMilli()).execute()) == 1;
    }
}
