package dev.warden.governance.lease;

import dev.warden.governance.store.GovernanceStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Leases in the governance store, one row per unit. Every change is a conditional UPDATE that holds only if the
 * row is still as the caller believes (free or expired to take it, held by the caller to renew or release it), so
 * that two replicas can never both hold a unit at one instant of the store's time. Times come from the caller:
 * replicas' clocks must agree to well within a quarter of the lease period (NTP does).
 */
public final class LeaseStore {

    private static final String COLUMNS = "unit, holder, fence, expires_at";

    private final Jdbi jdbi;
    private final GovernanceStore.Dialect dialect;

    public LeaseStore(GovernanceStore store) {
        this.jdbi = store.jdbi();
        this.dialect = store.dialect();
    }

    /** Makes units known (free, fence 0) so that they can be taken; a unit already known is left as it is. */
    public void register(Collection<String> units) {
        if (units.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO lease (unit, holder, fence, expires_at)"
                    + " VALUES (:unit, NULL, 0, 0) ON CONFLICT (unit) DO NOTHING");
            units.stream().sorted().forEach(u -> batch.bind("unit", u).add());
            batch.execute();
        });
    }

    /**
     * Takes up to {@code max} of {@code units} that are free or expired at {@code now} for {@code holder}, until
     * {@code now + period}, each with its fence raised by one. On PostgreSQL, rows another replica is taking at
     * the same moment are skipped rather than waited for, so that concurrent replicas take different units.
     *
     * @return every lease {@code holder} now holds among {@code units}
     */
    public List<Lease> acquire(String holder, Collection<String> units, int max, Instant now, Duration period) {
        if (units.isEmpty() || max <= 0) {
            return List.of();
        }
        long expires = now.plus(period).toEpochMilli();
        return jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE lease SET holder = :holder, fence = fence + 1, expires_at = :expires"
                            + " WHERE unit IN (SELECT unit FROM lease WHERE unit IN (<units>)"
                            + " AND (holder IS NULL OR expires_at <= :now) ORDER BY unit LIMIT :max"
                            + dialect.lockRowsSkipLocked() + ")"
                            + " AND (holder IS NULL OR expires_at <= :now)")
                    .bind("holder", holder).bind("expires", expires).bindList("units", List.copyOf(units))
                    .bind("now", now.toEpochMilli()).bind("max", max).execute();
            return h.createQuery("SELECT " + COLUMNS + " FROM lease WHERE holder = :holder AND expires_at > :now"
                            + " AND unit IN (<units>) ORDER BY unit")
                    .bind("holder", holder).bind("now", now.toEpochMilli()).bindList("units", List.copyOf(units))
                    .map(LeaseStore::map).list();
        });
    }

    /**
     * Extends every lease {@code holder} still holds at {@code now} to {@code now + period}. A lease that expired
     * is not renewed, even if nobody took it: its holder has stopped acting on it and must take it anew.
     *
     * @return every lease {@code holder} holds afterwards
     */
    public List<Lease> renewAll(String holder, Instant now, Duration period) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE lease SET expires_at = :expires WHERE holder = :holder AND expires_at > :now")
                    .bind("expires", now.plus(period).toEpochMilli()).bind("holder", holder)
                    .bind("now", now.toEpochMilli()).execute();
            return h.createQuery("SELECT " + COLUMNS + " FROM lease WHERE holder = :holder AND expires_at > :now"
                            + " ORDER BY unit")
                    .bind("holder", holder).bind("now", now.toEpochMilli()).map(LeaseStore::map).list();
        });
    }

    /** Gives a lease up at once, so that another replica can take it without waiting for it to expire. */
    public boolean release(Lease lease) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE lease SET holder = NULL, expires_at = 0"
                        + " WHERE unit = :unit AND holder = :holder AND fence = :fence")
                .bind("unit", lease.unit()).bind("holder", lease.holder()).bind("fence", lease.fence())
                .execute()) == 1;
    }

    /** Forgets units nobody holds any longer (a replica's presence after it stopped). */
    void forgetExpired(String unitPrefix, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM lease WHERE unit LIKE :prefix AND expires_at <= :now")
                .bind("prefix", unitPrefix + "%").bind("now", now.toEpochMilli()).execute());
    }

    /** How many units whose names start with {@code unitPrefix} are held at {@code now}. */
    public int countHeld(String unitPrefix, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM lease WHERE unit LIKE :prefix"
                        + " AND holder IS NOT NULL AND expires_at > :now")
                .bind("prefix", unitPrefix + "%").bind("now", now.toEpochMilli()).mapTo(Integer.class).one());
    }

    /** The earliest moment a lease another holder has now will expire, unless renewed. */
    public Optional<Instant> nextExpiryOfOthers(String holder, Instant now) {
        Long min = jdbi.withHandle(h -> h.createQuery("SELECT MIN(expires_at) FROM lease WHERE holder IS NOT NULL"
                        + " AND holder <> :holder AND expires_at > :now")
                .bind("holder", holder).bind("now", now.toEpochMilli()).mapTo(Long.class).one());
        return Optional.ofNullable(min).map(Instant::ofEpochMilli);
    }

    /** The unit's row as it is: its holder may be absent (free) or its lease expired. */
    public Optional<Lease> find(String unit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM lease WHERE unit = :unit")
                .bind("unit", unit).map(LeaseStore::map).findOne());
    }

    private static Lease map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Lease(rs.getString("unit"), rs.getString("holder"), rs.getLong("fence"),
                Instant.ofEpochMilli(rs.getLong("expires_at")));
    }
}
