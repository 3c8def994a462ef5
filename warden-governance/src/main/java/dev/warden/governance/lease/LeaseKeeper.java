package dev.warden.governance.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica's share of a pool of units. A thread of its own renews every lease the replica holds each quarter of
 * the lease period, counts the live replicas (each holds a lease on its own presence), and takes or gives up units
 * until it holds its fair share, {@code ceil(pool / replicas)}: free and expired units first, so that the units of
 * a replica that died are taken over as soon as its leases expire (it wakes at the earliest expiry of another
 * holder's lease, not only on its own schedule).
 *
 * <p>Fencing: the replica acts on a unit only while {@link #actionable} says so, which ends a quarter period before
 * the lease's expiry. A replica that cannot renew (store unreachable, thread starved) has stopped acting before any
 * other can take the unit over; the store checks the lease again when an effect is claimed ({@link EffectClaims}).
 */
public final class LeaseKeeper implements AutoCloseable {

    /** What the replica learns about its units, on the keeper's thread. */
    @FunctionalInterface
    public interface Listener {
        /** The unit is this replica's now: read its state afresh (a former holder may have left work undone). */
        void acquired(Lease lease);

        /**
         * The unit is no longer this replica's: stop acting on it at once. (Acting only while {@link #actionable}
         * gives the lease already stops in time; this is for letting go of what was scheduled for it.)
         */
        default void lost(String unit) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final LeaseStore store;
    private final String holder;
    private final Duration period;
    private final Duration quarter;
    private final Clock clock;
    private final Listener listener;
    private final ScheduledExecutorService thread;
    private final Map<String, Lease> held = new ConcurrentHashMap<>();
    private volatile Set<String> pool = Set.of();
    private final AtomicBoolean started = new AtomicBoolean();

    /**
     * @param holder this replica's name, unique among replicas and restarts (see {@link #newHolderId})
     * @param period how long a lease lasts unless renewed: the longest a dead replica's work waits to be taken
     *               over; at least half a second (renewals every eighth of a second)
     */
    public LeaseKeeper(LeaseStore store, String holder, Duration period, Clock clock, Listener listener) {
        if (period.compareTo(Duration.ofMillis(500)) < 0) {
            throw new IllegalArgumentException("the lease period must be at least 500 ms, was " + period);
        }
        this.store = store;
        this.holder = holder;
        this.period = period;
        this.quarter = period.dividedBy(4);
        this.clock = clock;
        this.listener = listener;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-keeper");
            t.setDaemon(true);
            return t;
        });
    }

    /** A holder name that no other process, and no restart of this one, has: host, process id, a random part. */
    public static String newHolderId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "host");
        return host + ":" + ProcessHandle.current().pid() + ":"
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    public String holder() {
        return holder;
    }

    /**
     * Sets the pool of units the replicas share (e.g. every account × region of the policy) and starts keeping
     * leases; called again (a new policy), the next round takes the new pool and gives up units no longer in it.
     */
    public void share(Collection<String> units) {
        store.register(units);
        pool = Set.copyOf(units);
        if (started.compareAndSet(false, true)) {
            thread.execute(this::tick);
        }
    }

    /** The lease on {@code unit} while this replica may act on it: held, and a quarter period before expiry. */
    public Optional<Lease> actionable(String unit) {
        Lease lease = held.get(unit);
        if (lease == null || !clock.instant().isBefore(lease.expiresAt().minus(quarter))) {
            return Optional.empty();
        }
        return Optional.of(lease);
    }

    /** The units of the pool this replica may act on now. */
    public Set<String> actionableUnits() {
        Set<String> units = new TreeSet<>();
        for (String unit : pool) {
            actionable(unit).ifPresent(l -> units.add(unit));
        }
        return units;
    }

    private void tick() {
        Instant next;
        try {
            next = balance(clock.instant());
        } catch (RuntimeException e) {
            // The store is unreachable or refused: keep trying; the leases run out on their own meanwhile.
            LOG.warn("cannot renew the leases of {}: {}", holder, e.getMessage());
            dropUnactionable();
            next = clock.instant().plus(quarter);
        }
        schedule(next);
    }

    /** Renews, counts the replicas, takes or gives up units; returns when to look again. */
    private Instant balance(Instant now) {
        Map<String, Lease> renewed = new HashMap<>();
        store.renewAll(holder, now, period).forEach(l -> renewed.put(l.unit(), l));
        for (String unit : List.copyOf(held.keySet())) {
            if (!renewed.containsKey(unit)) {
                lose(unit);
            }
        }
        String self = LeaseUnits.replica(holder);
        if (!renewed.containsKey(self)) {
            store.register(List.of(self));
            store.acquire(holder, List.of(self), 1, now, period);
        }
        Set<String> units = pool;
        List<Lease> mine = new ArrayList<>();
        for (Lease l : renewed.values()) {
            if (units.contains(l.unit())) {
                mine.add(l);
            } else if (!l.unit().equals(self)) {
                lose(l.unit());     // no longer in the pool
                store.release(l);
            }
        }
        mine.sort((a, b) -> a.unit().compareTo(b.unit()));
        mine.forEach(l -> held.compute(l.unit(), (u, before) -> {
            if (before == null) {
                notify(() -> listener.acquired(l));   // held in the store but not known here: learn it
            }
            return l;
        }));

        int replicas = Math.max(1, store.countHeld(LeaseUnits.REPLICA_PREFIX, now));
        int share = (units.size() + replicas - 1) / replicas;
        if (mine.size() > share) {
            for (Lease extra : mine.subList(share, mine.size())) {
                // Stop acting first: once released, another replica may take the unit at once.
                lose(extra.unit());
                store.release(extra);
            }
        } else if (mine.size() < share) {
            List<String> wanted = new ArrayList<>(units);
            mine.forEach(l -> wanted.remove(l.unit()));
            for (Lease l : store.acquire(holder, wanted, share - mine.size(), now, period)) {
                if (held.put(l.unit(), l) == null) {
                    notify(() -> listener.acquired(l));
                }
            }
        }
        store.forgetExpired(LeaseUnits.REPLICA_PREFIX, now.minus(period));

        Instant next = now.plus(quarter);
        Optional<Instant> expiry = store.nextExpiryOfOthers(holder, now);
        if (expiry.isPresent() && expiry.get().isBefore(next)) {
            next = expiry.get().plusMillis(1);
        }
        return next;
    }

    /** Without a renewal, each lease stops being actionable a quarter period before it expires: drop it then. */
    private void dropUnactionable() {
        for (String unit : List.copyOf(held.keySet())) {
            if (actionable(unit).isEmpty()) {
                lose(unit);
            }
        }
    }

    private void lose(String unit) {
        if (held.remove(unit) != null) {
            notify(() -> listener.lost(unit));
        }
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("a lease listener failed", e);
        }
    }

    private void schedule(Instant next) {
        if (thread.isShutdown()) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), next).toMillis());
        try {
            thread.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile: nothing more to renew
        }
    }

    /** Stops renewing and gives every lease up, so that the other replicas take the units over at once. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Lease l : List.copyOf(held.values())) {
            lose(l.unit());
            try {
                store.release(l);
            } catch (RuntimeException e) {
                LOG.warn("cannot release the lease on {}: {}", l.unit(), e.getMessage());
            }
        }
        try {
            store.find(LeaseUnits.replica(holder)).filter(l -> holder.equals(l.holder())).ifPresent(store::release);
        } catch (RuntimeException e) {
            LOG.warn("cannot release the presence of {}: {}", holder, e.getMessage());
        }
    }
}
