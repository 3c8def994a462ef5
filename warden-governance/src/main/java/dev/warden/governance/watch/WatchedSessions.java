package dev.warden.governance.watch;

import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.aws.SessionKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sessions watch knows to be active, each with its state. Every change is atomic per session, which is what
 * keeps a session from being warned or terminated twice when a timer, an event and a pass reach it at once.
 */
public final class WatchedSessions {

    private final Map<SessionKey, WatchedSession> sessions = new ConcurrentHashMap<>();

    /** Adds a session not known yet; false (and nothing changes) when it is. */
    public boolean track(WatchedSession session) {
        return sessions.putIfAbsent(session.key(), session) == null;
    }

    /** Replaces what is known of a session that is still tracked in one of {@code from}; false otherwise. */
    public boolean replace(SessionKey key, Set<WatchedSession.State> from, WatchedSession next) {
        AtomicBoolean done = new AtomicBoolean();
        sessions.computeIfPresent(key, (k, s) -> {
            if (!from.contains(s.state())) {
                return s;
            }
            done.set(true);
            return next;
        });
        return done.get();
    }

    /** Moves a session from one of {@code from} to {@code to}; false when it is not tracked or in another state. */
    public boolean transition(SessionKey key, Set<WatchedSession.State> from, WatchedSession.State to) {
        AtomicBoolean done = new AtomicBoolean();
        sessions.computeIfPresent(key, (k, s) -> {
            if (!from.contains(s.state())) {
                return s;
            }
            done.set(true);
            return s.withState(to);
        });
        return done.get();
    }

    /**
     * Claims a session for termination: tracks it as {@code ending} when unknown, else moves it to ENDING unless it
     * already is. False when someone else is terminating it.
     */
    public boolean claimEnding(WatchedSession ending) {
        AtomicBoolean done = new AtomicBoolean();
        sessions.compute(ending.key(), (k, s) -> {
            if (s != null && s.state() == WatchedSession.State.ENDING) {
                return s;
            }
            done.set(true);
            return s == null ? ending.withState(WatchedSession.State.ENDING) : s.withState(WatchedSession.State.ENDING);
        });
        return done.get();
    }

    public Optional<WatchedSession> get(SessionKey key) {
        return Optional.ofNullable(sessions.get(key));
    }

    public void remove(SessionKey key) {
        sessions.remove(key);
    }

    public Collection<WatchedSession> all() {
        return List.copyOf(sessions.values());
    }

    public List<WatchedSession> of(AccountRegion pair) {
        return sessions.values().stream().filter(s -> s.key().pair().equals(pair)).toList();
    }

    public int size() {
        return sessions.size();
    }
}
