package dev.warden.governance.watch;

import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.lease.EffectClaims;
import dev.warden.governance.lease.Lease;
import dev.warden.governance.lease.LeaseKeeper;
import dev.warden.governance.lease.LeaseLostException;
import dev.warden.governance.lease.PairShare;
import dev.warden.governance.store.ActiveSession;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.trail.AuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A replica's leases on its account × region pairs: which pairs it may act on now, and the claims under a pair's
 * lease that make each warning and termination happen once among the replicas. Watch has them only with a lease
 * period; a single watch process acts on every pair alone.
 */
final class PairLeases implements AutoCloseable {

    private final Duration period;
    private final PairShare share;
    private final EffectClaims claims;
    /** What is done with the pairs taken and dropped; set when sharing starts, before the keeper calls it. */
    private volatile PairShare.Work work;

    PairLeases(GovernanceStore store, Duration period, Clock clock) {
        this.period = period;
        this.share = new PairShare(store, LeaseKeeper.newHolderId(), period, clock, new PairShare.Work() {
            @Override
            public void take(AccountRegion pair, Lease lease, List<ActiveSession> sessions) {
                work.take(pair, lease, sessions);
            }

            @Override
            public void drop(AccountRegion pair) {
                work.drop(pair);
            }
        });
        this.claims = new EffectClaims(store, new AuditTrail(store, clock), clock);
    }

    /** True when this process may act on the pair: always without leases, else while it holds the pair's lease. */
    static boolean holds(Optional<PairLeases> leases, AccountRegion pair) {
        return leases.map(l -> l.pairs().contains(pair)).orElse(true);
    }

    /** Shares {@code pairs} with the other replicas and starts taking this one's part, handing it to {@code work}. */
    void share(Collection<AccountRegion> pairs, PairShare.Work work) {
        this.work = work;
        share.share(pairs);
    }

    /** The pairs this replica may act on now. */
    Set<AccountRegion> pairs() {
        return share.pairs();
    }

    /** The pair's lease while this replica may act on it. */
    Optional<Lease> lease(AccountRegion pair) {
        return share.lease(pair);
    }

    /** The longest a session due on a dead replica's pair waits to be ended. */
    Duration period() {
        return period;
    }

    EffectClaims claims() {
        return claims;
    }

    /** Claims an effect under the lease of its session's pair; empty when it is not this replica's to do. */
    Optional<EffectClaims.Claim> claim(SessionKey key, String effect) {
        Optional<Lease> lease = share.lease(key.pair());
        if (lease.isEmpty()) {
            return Optional.empty();
        }
        try {
            return claims.claim(lease.get(), effect);
        } catch (LeaseLostException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        share.close();
    }
}
