package dev.warden.governance.trail;

import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The append-only, hash-chained audit trail in the governance store. Every append first updates the one row of
 * {@code audit_append_lock} in its transaction: on PostgreSQL that row lock, on SQLite the write lock it takes,
 * makes appends from every process (replicas) queue on the chain's head, so that each reads the head the previous
 * one wrote. (Reading the head first and retrying on a taken sequence number, as appends once did, starves with
 * several writers: SQLite refuses to turn a reader into a writer once another wrote, and PostgreSQL writers keep
 * colliding on the same number.)
 */
public final class AuditTrail {

    /** Lookups of many sessions are split into statements of this many ids (SQLite allows 32,766 parameters). */
    private static final int IDS_PER_QUERY = 500;
    private static final String COLUMNS =
            "seq, recorded_at, kind, account_id, region, session_id, target, payload, prev_hash, hash";

    private final Jdbi jdbi;
    private final Clock clock;

    public AuditTrail(GovernanceStore store, Clock clock) {
        this.jdbi = store.jdbi();
        this.clock = clock;
    }

    /** A record to append: what it is, what it concerns, its details. */
    public record Entry(RecordKind kind, Subject subject, Map<String, ?> details) {
    }

    public AuditRecord append(RecordKind kind, Subject subject, Map<String, ?> details) {
        return appendAll(List.of(new Entry(kind, subject, details))).get(0);
    }

    /** Appends the entries in order, in one transaction (all or none). */
    public synchronized List<AuditRecord> appendAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        try {
            return jdbi.inTransaction(h -> appendWithin(h, entries));
        } catch (JdbiException e) {
            throw new StoreException("cannot append to the audit trail: " + e.getMessage(), e);
        }
    }

    /**
     * Appends the entries in order within the caller's open transaction on {@code h}, for records that must be
     * written together with another change (a side effect marked done). The chain's head stays locked until that
     * transaction ends: keep it short.
     */
    public List<AuditRecord> appendWithin(Handle h, List<Entry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        // A write before the head is read: SQLite takes its write lock here (waiting, as busy_timeout allows); a
        // transaction that read first could not become a writer once another process wrote.
        h.createUpdate("UPDATE audit_append_lock SET appends = appends + 1 WHERE id = 1").execute();
        Optional<AuditRecord> head = h.createQuery("SELECT " + COLUMNS + " FROM audit_record ORDER BY seq DESC LIMIT 1")
                .map(AuditTrail::map).findOne();
        long seq = head.map(AuditRecord::seq).orElse(0L);
        String prev = head.map(AuditRecord::hash).orElse(ChainHash.GENESIS);
        // Millisecond precision: what the store keeps is what was hashed.
        Instant now = Instant.ofEpochMilli(clock.millis());
        List<AuditRecord> added = new ArrayList<>(entries.size());
        PreparedBatch batch = h.prepareBatch("INSERT INTO audit_record (" + COLUMNS + ") VALUES (:seq, :recordedAt,"
                + " :kind, :accountId, :region, :sessionId, :target, :payload, :prevHash, :hash)");
        for (Entry e : entries) {
            seq++;
            Subject s = normalise(e.subject());
            String payload = Payloads.encode(e.details());
            String hash = ChainHash.of(seq, now, e.kind(), s, payload, prev);
            AuditRecord r = new AuditRecord(seq, now, e.kind(), s, payload, prev, hash);
            batch.bind("seq", r.seq()).bind("recordedAt", now.toEpochMilli()).bind("kind", r.kind().name())
                    .bind("accountId", s.accountId()).bind("region", s.region()).bind("sessionId", s.sessionId())
                    .bind("target", s.target()).bind("payload", payload).bind("prevHash", prev).bind("hash", hash)
                    .add();
            added.add(r);
            prev = hash;
        }
        batch.execute();
        return added;
    }

    /** Empty strings are stored as absent, so that the encoding has one form for "nothing". */
    private static Subject normalise(Subject s) {
        return new Subject(blankToNull(s.accountId()), blankToNull(s.region()), blankToNull(s.sessionId()),
                blankToNull(s.target()));
    }

    private static String blankToNull(String v) {
        return v == null || v.isEmpty() ? null : v;
    }

    /** Every record in chain order, streamed (the trail may be large). */
    public void forEach(Consumer<AuditRecord> consumer) {
        stream(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_record ORDER BY seq"), consumer);
    }

    /** Records of one kind appended in [from, to), in chain order. */
    public List<AuditRecord> records(RecordKind kind, Instant from, Instant to) {
        List<AuditRecord> records = new ArrayList<>();
        forEach(kind, from, to, records::add);
        return records;
    }

    /** Records of one kind appended in [from, to), in chain order, streamed: a year of them need not fit in memory. */
    public void forEach(RecordKind kind, Instant from, Instant to, Consumer<AuditRecord> consumer) {
        stream(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_record"
                        + " WHERE kind = :kind AND recorded_at >= :from AND recorded_at < :to ORDER BY seq")
                .bind("kind", kind.name()).bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli()), consumer);
    }

    /**
     * The latest record of {@code kind} about each account × region as a whole (no session) appended in [from, to)
     * whose details have {@code key} set to {@code value}, by pair. The details are matched in the database, on
     * their stored text: payloads are canonical JSON (sorted keys, no whitespace; {@link Payloads}), so the
     * member {@code "key":"value"} appears in that text exactly as {@link Payloads#encode} writes it.
     */
    public Map<String, AuditRecord> latestPerPair(RecordKind kind, String key, String value, Instant from, Instant to) {
        String member = Payloads.encode(Map.of(key, value));
        String pattern = "%" + likeEscaped(member.substring(1, member.length() - 1)) + "%";
        Map<String, AuditRecord> latest = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_record WHERE seq IN (SELECT MAX(seq)"
                        + " FROM audit_record WHERE kind = :kind AND session_id IS NULL AND recorded_at >= :from"
                        + " AND recorded_at < :to AND payload LIKE :pattern ESCAPE '\\' GROUP BY account_id, region)")
                .bind("kind", kind.name()).bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli())
                .bind("pattern", pattern).map(AuditTrail::map)
                .forEach(r -> latest.put(r.subject().accountId() + "/" + r.subject().region(), r)));
        return latest;
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /**
     * The latest record of {@code kind} of each of {@code sessionIds} in one account × region, for the sessions
     * that have one (by the index on the session id).
     */
    public Map<String, AuditRecord> latestOfSessions(RecordKind kind, String accountId, String region,
                                                     List<String> sessionIds) {
        Map<String, AuditRecord> latest = new HashMap<>();
        for (int from = 0; from < sessionIds.size(); from += IDS_PER_QUERY) {
            List<String> ids = sessionIds.subList(from, Math.min(sessionIds.size(), from + IDS_PER_QUERY));
            jdbi.useHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_record WHERE seq IN (SELECT MAX(seq)"
                            + " FROM audit_record WHERE session_id IN (<ids>) AND kind = :kind AND account_id = :account"
                            + " AND region = :region GROUP BY session_id)")
                    .bindList("ids", ids).bind("kind", kind.name()).bind("account", accountId).bind("region", region)
                    .map(AuditTrail::map).forEach(r -> latest.put(r.subject().sessionId(), r)));
        }
        return latest;
    }

    /** The newest records of these kinds first, a page at a time (offset and limit, for the dashboard). */
    public List<AuditRecord> newest(Collection<RecordKind> kinds, long offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_record WHERE kind IN (<kinds>)"
                        + " ORDER BY seq DESC LIMIT :limit OFFSET :offset")
                .bindList("kinds", kinds.stream().map(Enum::name).toList()).bind("limit", limit)
                .bind("offset", offset).map(AuditTrail::map).list());
    }

    /** How many records of these kinds there are. */
    public long count(Collection<RecordKind> kinds) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_record WHERE kind IN (<kinds>)")
                .bindList("kinds", kinds.stream().map(Enum::name).toList()).mapTo(Long.class).one());
    }

    public long size() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_record").mapTo(Long.class).one());
    }

    /** Checks the whole chain and names the first record that does not fit it. */
    public ChainReport verify() {
        ChainVerifier verifier = new ChainVerifier();
        forEach(verifier);
        return verifier.report();
    }

    /**
     * Checks only what was appended since an intact {@code earlier} report, after confirming that the head it ended
     * on is still there with the same hash (a truncated or rewritten head is a break). It reads the new records and
     * one more, where {@link #verify()} reads the whole trail; a change further back than that head stays unseen
     * until the next {@link #verify()}, so callers still verify the whole chain from time to time.
     */
    public ChainReport verifyAfter(ChainReport earlier) {
        if (!earlier.intact()) {
            throw new IllegalArgumentException("only an intact chain can be continued");
        }
        long head = earlier.records();
        if (head > 0) {
            Optional<String> hashNow = jdbi.withHandle(h -> h.createQuery(
                    "SELECT hash FROM audit_record WHERE seq = :seq").bind("seq", head).mapTo(String.class).findOne());
            if (hashNow.isEmpty()) {
                return new ChainReport(head, earlier.headHash(), Optional.of(new ChainReport.Break(head,
                        "record " + head + ", the head of the last verification, is missing (deleted)")));
            }
            if (!hashNow.get().equals(earlier.headHash())) {
                return new ChainReport(head, earlier.headHash(), Optional.of(new ChainReport.Break(head,
                        "its hash changed since the last verification (modified, or the chain rewritten)")));
            }
        }
        ChainVerifier verifier = new ChainVerifier(head, earlier.headHash());
        stream(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_record WHERE seq > :head ORDER BY seq")
                .bind("head", head), verifier);
        return verifier.report();
    }

    /**
     * Hands the query's records to {@code consumer} as they are read, in a transaction: PostgreSQL's driver honours
     * the fetch size only inside one (otherwise it reads the whole result into memory before the first row); SQLite
     * streams either way.
     */
    private void stream(Function<Handle, Query> query, Consumer<AuditRecord> consumer) {
        jdbi.useTransaction(h -> {
            try (Stream<AuditRecord> records = query.apply(h).setFetchSize(1000).map(AuditTrail::map).stream()) {
                records.forEach(consumer);
            }
        });
    }

    private static AuditRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AuditRecord(rs.getLong("seq"), Instant.ofEpochMilli(rs.getLong("recorded_at")),
                RecordKind.valueOf(rs.getString("kind")),
                new Subject(rs.getString("account_id"), rs.getString("region"), rs.getString("session_id"),
                        rs.getString("target")),
                rs.getString("payload"), rs.getString("prev_hash"), rs.getString("hash"));
    }
}
