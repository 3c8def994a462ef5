package dev.warden.governance.lease;

import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.trail.AuditRecord;
import dev.warden.governance.trail.AuditTrail;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Side effects (an alert, a termination) done once across replicas and restarts. A replica first
 * {@linkplain #claim claims} the effect's key under the lease of the unit it belongs to, then does it, then
 * {@linkplain #complete completes} the claim, which appends the effect's audit records in the same transaction
 * that marks it done. A key is claimed by one holder only; its records are appended once.
 *
 * <p>A replica that dies between claim and completion leaves the claim open. The next holder of the unit (a
 * higher fence) may {@linkplain Claim#resumed resume} it: whether the effect happened is then unknown, and the
 * caller decides (a termination is checked and done again, as TerminateSession on an ended session changes
 * nothing; an alert is not sent twice).
 */
public final class EffectClaims {

    private final Jdbi jdbi;
    private final AuditTrail trail;
    private final Clock clock;

    public EffectClaims(GovernanceStore store, AuditTrail trail, Clock clock) {
        this.jdbi = store.jdbi();
        this.trail = trail;
        this.clock = clock;
    }

    /**
     * A claimed effect.
     *
     * @param resumed a former holder of the unit claimed it and did not complete it (it died, or lost its lease)
     */
    public record Claim(String key, Lease lease, boolean resumed) {
    }

    /**
     * Claims {@code key} under {@code lease}, checked in the same transaction to be still the caller's (its row
     * stays locked until the claim is written, so a take-over waits for it).
     *
     * @return the claim, or empty when the effect is done or claimed under the current fence already
     * @throws LeaseLostException when the lease expired or another replica holds the unit now
     */
    public Optional<Claim> claim(Lease lease, String key) {
        long now = clock.millis();
        return jdbi.inTransaction(h -> {
            if (!stillHeld(h, lease, now)) {
                throw new LeaseLostException(lease);
            }
            int inserted = h.createUpdate("INSERT INTO side_effect (effect_key, unit, holder, fence, claimed_at)"
                            + " VALUES (:key, :unit, :holder, :fence, :now) ON CONFLICT (effect_key) DO NOTHING")
                    .bind("key", key).bind("unit", lease.unit()).bind("holder", lease.holder())
                    .bind("fence", lease.fence()).bind("now", now).execute();
            if (inserted == 1) {
                return Optional.of(new Claim(key, lease, false));
            }
            int resumed = h.createUpdate("UPDATE side_effect SET holder = :holder, fence = :fence, claimed_at = :now"
                            + " WHERE effect_key = :key AND unit = :unit AND done_at IS NULL AND fence < :fence")
                    .bind("key", key).bind("unit", lease.unit()).bind("holder", lease.holder())
                    .bind("fence", lease.fence()).bind("now", now).execute();
            return resumed == 1 ? Optional.of(new Claim(key, lease, true)) : Optional.empty();
        });
    }

    /**
     * Marks the claimed effect done and appends its records, in one transaction; a claim completed before, or
     * resumed since by a later holder, appends nothing. The lease need not be held any more: the effect happened.
     *
     * @return the appended records, or empty when the claim was no longer open for this holder
     */
    public Optional<List<AuditRecord>> complete(Claim claim, List<AuditTrail.Entry> records) {
        long now = clock.millis();
        return jdbi.inTransaction(h -> {
            int marked = h.createUpdate("UPDATE side_effect SET done_at = :now"
                            + " WHERE effect_key = :key AND holder = :holder AND fence = :fence AND done_at IS NULL")
                    .bind("now", now).bind("key", claim.key()).bind("holder", claim.lease().holder())
                    .bind("fence", claim.lease().fence()).execute();
            return marked == 1 ? Optional.of(trail.appendWithin(h, records)) : Optional.empty();
        });
    }

    /**
     * The effects of {@code lease}'s unit that former holders claimed and never completed (each died, or lost the
     * unit, between claim and completion): the keys the current holder may {@linkplain #claim resume}.
     */
    public List<String> openOfFormerHolders(Lease lease) {
        return jdbi.withHandle(h -> h.createQuery("SELECT effect_key FROM side_effect WHERE unit = :unit"
                        + " AND done_at IS NULL AND fence < :fence ORDER BY claimed_at")
                .bind("unit", lease.unit()).bind("fence", lease.fence()).mapTo(String.class).list());
    }

    /** Whether the effect is done (its claim completed). */
    public boolean done(String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM side_effect WHERE effect_key = :key"
                + " AND done_at IS NOT NULL").bind("key", key).mapTo(Integer.class).one()) == 1;
    }

    /** Locks the lease's row if it is still the caller's; a write, so SQLite takes its write lock first. */
    private static boolean stillHeld(Handle h, Lease lease, long now) {
        return h.createUpdate("UPDATE lease SET expires_at = expires_at"
                        + " WHERE unit = :unit AND holder = :holder AND fence = :fence AND expires_at > :now")
                .bind("unit", lease.unit()).bind("holder", lease.holder()).bind("fence", lease.fence())
                .bind("now", now).execute() == 1;
    }
}
