package dev.warden.governance.events;

import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.aws.SessionKey;
import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What watch remembers in the store so that an event delivered twice, or out of order, changes nothing: the ids
 * of the events it has taken (a claim is atomic, so two deliveries racing on two intakes are handled once) and
 * the sessions known to have ended. The store is shared with other processes, so it, not memory, decides.
 */
public final class EventLedger {

    private final Jdbi jdbi;

    public EventLedger(GovernanceStore store) {
        this.jdbi = store.jdbi();
    }

    /** True when this call is the first to take {@code eventId}; false for a repeated delivery. */
    public boolean claim(String eventId, String eventName, Instant at) {
        return jdbi.withHandle(h -> claim(h, eventId, eventName, at));
    }

    /** {@link #claim(String, String, Instant)} within the caller's transaction. */
    public boolean claim(Handle h, String eventId, String eventName, Instant at) {
        return h.createUpdate("INSERT INTO watch_event (event_id, event_name, handled_at)"
                        + " VALUES (:id, :name, :at) ON CONFLICT (event_id) DO NOTHING")
                .bind("id", eventId).bind("name", eventName).bind("at", at.toEpochMilli()).execute() == 1;
    }

    /** Whether {@code eventId} was taken already (a read: the claim alone decides). */
    public boolean seen(String eventId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM watch_event WHERE event_id = :id")
                .bind("id", eventId).mapTo(Long.class).one()) > 0;
    }

    /** Gives back a claim whose handling failed, so that the event's next delivery is handled. */
    public void release(String eventId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM watch_event WHERE event_id = :id").bind("id", eventId)
                .execute());
    }

    /** Remembers that a session ended (its TerminateSession event, or its termination by Warden). */
    public void markEnded(SessionKey key, Instant at) {
        jdbi.useHandle(h -> markEnded(h, key, at));
    }

    /** {@link #markEnded(SessionKey, Instant)} within the caller's transaction. */
    public void markEnded(Handle h, SessionKey key, Instant at) {
        h.createUpdate("INSERT INTO watch_ended_session (account_id, region, session_id, ended_at)"
                        + " VALUES (:account, :region, :session, :at)"
                        + " ON CONFLICT (account_id, region, session_id) DO NOTHING")
                .bind("account", key.accountId()).bind("region", key.region()).bind("session", key.sessionId())
                .bind("at", at.toEpochMilli()).execute();
    }

    public boolean hasEnded(SessionKey key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM watch_ended_session WHERE account_id = :account"
                        + " AND region = :region AND session_id = :session")
                .bind("account", key.accountId()).bind("region", key.region()).bind("session", key.sessionId())
                .mapTo(Long.class).one()) > 0;
    }
}
