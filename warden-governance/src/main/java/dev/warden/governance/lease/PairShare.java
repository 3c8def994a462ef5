package dev.warden.governance.lease;

import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.store.ActiveSession;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.store.SessionFilter;
import dev.warden.governance.store.SessionPage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A replica's share of the account × region pairs of a policy: the pairs whose passes, events and session timers
 * are this replica's, on leases kept by a {@link LeaseKeeper}. When a pair becomes this replica's (at start, or
 * taken over from a replica that died), its sessions are read afresh from the live view ({@link ActiveSessions}),
 * so that their timers can be set: what the former holder had scheduled is not lost with it.
 *
 * <p>The period given is the promise: a session that comes due while its pair's holder is dead is ended within
 * one period of its due time. The leases therefore last three quarters of it: a dead holder's pair is taken over
 * at most three quarters of a period after its last renewal, and the last quarter is the new holder's time to take
 * the pair, set its timers and end what came due meanwhile. (Leases of the whole period would leave no time for
 * that: a session due just after its holder's last renewal would end a whole period after it, plus the work.)
 */
public final class PairShare implements AutoCloseable {

    /** What a replica does with its pairs; called on the keeper's thread. */
    public interface Work {
        /** The pair is this replica's now: its active sessions as the live view holds them, to set their timers. */
        void take(AccountRegion pair, Lease lease, List<ActiveSession> sessions);

        /** The pair is no longer this replica's: cancel what was scheduled for it. */
        void drop(AccountRegion pair);
    }

    private static final int PAGE = 1000;
    /** The share of the period a lease lasts; the rest is the take-over's time to act. */
    private static final int LEASE_QUARTERS = 3;

    private final ActiveSessions sessions;
    private final Work work;
    private final LeaseKeeper keeper;
    private final Map<String, AccountRegion> pairsByUnit = new ConcurrentHashMap<>();

    /**
     * @param period the longest a session due on a dead replica's pair waits to be ended
     */
    public PairShare(GovernanceStore store, String holder, Duration period, Clock clock, Work work) {
        this.sessions = new ActiveSessions(store);
        this.work = work;
        this.keeper = new LeaseKeeper(new LeaseStore(store), holder, leaseTerm(period), clock,
                new LeaseKeeper.Listener() {
            @Override
            public void acquired(Lease lease) {
                AccountRegion pair = pairsByUnit.get(lease.unit());
                if (pair != null) {
                    work.take(pair, lease, sessionsOf(pair));
                }
            }

            @Override
            public void lost(String unit) {
                AccountRegion pair = pairsByUnit.get(unit);
                if (pair != null) {
                    work.drop(pair);
                }
            }
        });
    }

    /** How long a lease lasts for a take-over bound of {@code period}: three quarters of it. */
    public static Duration leaseTerm(Duration period) {
        return period.multipliedBy(LEASE_QUARTERS).dividedBy(4);
    }

    /** Shares {@code pairs} (the policy's scope) with the other replicas and starts taking this replica's part. */
    public void share(Collection<AccountRegion> pairs) {
        pairs.forEach(p -> pairsByUnit.put(LeaseUnits.pair(p), p));
        keeper.share(pairs.stream().map(LeaseUnits::pair).toList());
    }

    /** The pair's lease while this replica may act on it (claim its effects under it). */
    public Optional<Lease> lease(AccountRegion pair) {
        return keeper.actionable(LeaseUnits.pair(pair));
    }

    /** The pairs this replica may act on now. */
    public Set<AccountRegion> pairs() {
        return keeper.actionableUnits().stream().map(pairsByUnit::get).collect(Collectors.toSet());
    }

    private List<ActiveSession> sessionsOf(AccountRegion pair) {
        SessionFilter filter = new SessionFilter(Optional.of(pair.accountId()), Optional.of(pair.region()),
                Optional.empty(), Optional.empty());
        List<ActiveSession> all = new ArrayList<>();
        SessionPage page;
        do {
            page = sessions.page(filter, all.size(), PAGE);
            all.addAll(page.sessions());
        } while (!page.sessions().isEmpty() && all.size() < page.total());
        return all;
    }

    @Override
    public void close() {
        keeper.close();
    }
}
