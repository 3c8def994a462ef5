package dev.warden.governance.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The live view of the sessions running now, kept in the governance store: full passes replace a pair's view
 * with what DescribeSessions listed, events add and remove single sessions, and the dashboard pages through it.
 * The audit trail keeps the history; this table only the present.
 */
public final class ActiveSessions {

    private static final String COLUMNS = "account_id, region, session_id, target, principal, tier, owner_tag,"
            + " document, started_at, deadline_at, last_seen_at";
    private static final String UPSERT = "INSERT INTO active_session (" + COLUMNS + ") VALUES (:accountId, :region,"
            + " :sessionId, :target, :principal, :tier, :ownerTag, :document, :startedAt, :deadlineAt, :lastSeenAt)"
            + " ON CONFLICT (account_id, region, session_id) DO UPDATE SET target = excluded.target,"
            + " principal = excluded.principal, tier = excluded.tier, owner_tag = excluded.owner_tag,"
            + " document = excluded.document, started_at = excluded.started_at, deadline_at = excluded.deadline_at,"
            + " last_seen_at = excluded.last_seen_at";
    /** Sessions with a deadline first, soonest first; then by start. */
    private static final String ORDER =
            " ORDER BY CASE WHEN deadline_at IS NULL THEN 1 ELSE 0 END, deadline_at, started_at, session_id";

    private final Jdbi jdbi;

    public ActiveSessions(GovernanceStore store) {
        this.jdbi = store.jdbi();
    }

    /**
     * Makes the pair's view what a full pass saw at {@code observedAt}: the listed sessions are written, and the
     * pair's other sessions are removed unless an event confirmed them after {@code observedAt} (a session that
     * started while the pass was reading is not lost).
     */
    public void replacePair(String accountId, String region, List<ActiveSession> listed, Instant observedAt) {
        jdbi.useTransaction(h -> {
            Set<String> keep = new HashSet<>();
            PreparedBatch upserts = h.prepareBatch(UPSERT);
            for (ActiveSession s : listed) {
                requirePair(s, accountId, region);
                keep.add(s.sessionId());
                bind(upserts, s).add();
            }
            if (!listed.isEmpty()) {
                upserts.execute();
            }
            List<String> known = h.createQuery("SELECT session_id FROM active_session WHERE account_id = :a"
                            + " AND region = :r AND last_seen_at <= :t")
                    .bind("a", accountId).bind("r", region).bind("t", observedAt.toEpochMilli())
                    .mapTo(String.class).list();
            PreparedBatch deletes = h.prepareBatch(
                    "DELETE FROM active_session WHERE account_id = :a AND region = :r AND session_id = :s");
            int gone = 0;
            for (String id : known) {
                if (!keep.contains(id)) {
                    deletes.bind("a", accountId).bind("r", region).bind("s", id).add();
                    gone++;
                }
            }
            if (gone > 0) {
                deletes.execute();
            }
        });
    }

    /** Adds a session or updates what is known of it. */
    public void upsert(ActiveSession session) {
        jdbi.useHandle(h -> upsert(h, session));
    }

    /** {@link #upsert(ActiveSession)} within the caller's transaction. */
    public void upsert(Handle h, ActiveSession session) {
        bind(h.createUpdate(UPSERT), session).execute();
    }

    /** Removes an ended session; false when it was not known. */
    public boolean remove(String accountId, String region, String sessionId) {
        return jdbi.withHandle(h -> remove(h, accountId, region, sessionId));
    }

    /** {@link #remove(String, String, String)} within the caller's transaction. */
    public boolean remove(Handle h, String accountId, String region, String sessionId) {
        return h.createUpdate("DELETE FROM active_session WHERE account_id = :a AND region = :r AND session_id = :s")
                .bind("a", accountId).bind("r", region).bind("s", sessionId).execute() > 0;
    }

    public Optional<ActiveSession> find(String accountId, String region, String sessionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM active_session WHERE account_id = :a"
                        + " AND region = :r AND session_id = :s")
                .bind("a", accountId).bind("r", region).bind("s", sessionId)
                .map(ActiveSessions::map).findOne());
    }

    /** The sessions matching {@code filter}, soonest deadline first, from {@code offset}, at most {@code limit}. */
    public SessionPage page(SessionFilter filter, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative");
        }
        String where = where(filter);
        return jdbi.withHandle(h -> {
            long total = filtered(h.createQuery("SELECT COUNT(*) FROM active_session" + where), filter)
                    .mapTo(Long.class).one();
            List<ActiveSession> sessions = filtered(h.createQuery("SELECT " + COLUMNS + " FROM active_session"
                    + where + ORDER + " LIMIT :limit OFFSET :offset"), filter)
                    .bind("limit", limit).bind("offset", offset).map(ActiveSessions::map).list();
            return new SessionPage(sessions, total);
        });
    }

    private static String where(SessionFilter f) {
        StringBuilder w = new StringBuilder();
        f.accountId().ifPresent(x -> and(w, "account_id = :accountId"));
        f.region().ifPresent(x -> and(w, "region = :region"));
        f.tier().ifPresent(x -> and(w, "tier = :tier"));
        f.principal().ifPresent(x -> and(w, "principal = :principal"));
        return w.toString();
    }

    private static void and(StringBuilder where, String condition) {
        where.append(where.length() == 0 ? " WHERE " : " AND ").append(condition);
    }

    private static Query filtered(Query q, SessionFilter f) {
        f.accountId().ifPresent(x -> q.bind("accountId", x));
        f.region().ifPresent(x -> q.bind("region", x));
        f.tier().ifPresent(x -> q.bind("tier", x));
        f.principal().ifPresent(x -> q.bind("principal", x));
        return q;
    }

    private static void requirePair(ActiveSession s, String accountId, String region) {
        if (!s.accountId().equals(accountId) || !s.region().equals(region)) {
            throw new IllegalArgumentException("session " + s.sessionId() + " is in " + s.accountId() + "/"
                    + s.region() + ", not in the pair " + accountId + "/" + region);
        }
    }

    private static <T extends SqlStatement<T>> T bind(T statement, ActiveSession s) {
        return statement.bind("accountId", s.accountId()).bind("region", s.region())
                .bind("sessionId", s.sessionId()).bind("target", s.target()).bind("principal", s.principal())
                .bind("tier", s.tier()).bind("ownerTag", s.ownerTag().orElse(null))
                .bind("document", s.document()).bind("startedAt", s.startedAt().toEpochMilli())
                .bind("deadlineAt", s.deadline().map(Instant::toEpochMilli).orElse(null))
                .bind("lastSeenAt", s.lastSeenAt().toEpochMilli());
    }

    private static ActiveSession map(ResultSet rs, StatementContext ctx) throws SQLException {
        long deadline = rs.getLong("deadline_at");
        Optional<Instant> deadlineAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(deadline));
        return new ActiveSession(rs.getString("account_id"), rs.getString("region"), rs.getString("session_id"),
                rs.getString("target"), rs.getString("principal"), rs.getString("tier"),
                Optional.ofNullable(rs.getString("owner_tag")), rs.getString("document"),
                Instant.ofEpochMilli(rs.getLong("started_at")), deadlineAt,
                Instant.ofEpochMilli(rs.getLong("last_seen_at")));
    }
}
