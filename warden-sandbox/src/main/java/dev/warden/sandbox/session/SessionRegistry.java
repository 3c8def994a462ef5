package dev.warden.sandbox.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every session the sandbox has started, shared by the control plane (the SSM API) and the data plane
 * (the websocket side). Thread-safe: each session has its own lock, listeners run after it is released.
 *
 * <h2>For the data plane</h2>
 * <ol>
 *   <li>On a websocket upgrade to {@code /v1/data-channel/<id>} ({@link StreamUrls#sessionIdOf}), verify the
 *       SigV4 headers if present ({@code SigV4Verifier}, service {@code ssmmessages}), then check the
 *       OpenDataChannel frame's TokenValue with {@link #isValidToken}.</li>
 *   <li>Call {@link #markConnected} when the channel is open, {@link #markDisconnected} when it drops,
 *       {@link #recordActivity} on every stream-data message, and {@link #terminate} when the session's
 *       program ends ({@link TerminationCause#SESSION_ENDED}) or {@link #markFailed} when it cannot start.</li>
 *   <li>Register a {@link SessionListener}: {@code onTerminated} fires exactly once per session, for
 *       TerminateSession, idle timeout, maximum duration or the data plane's own terminate, and carries the
 *       {@code channel_closed} Output text.</li>
 * </ol>
 * Old cell-numbers are not checked: the 1.2.677 plugin reconnects to its original StreamUrl with the new
 * token (shared transcript d), so only the token decides.
 */
public final class SessionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
    private static final int MAX_SESSION_ID_LENGTH = 96;
    private static final int ID_HEX_DIGITS = 17;

    private final Clock clock;
    private final Duration tokenLifetime;
    private final Duration timeoutUnit;
    private final SecureRandom random = new SecureRandom();
    /** Sorted by id, so that a prefix (DescribeLogStreams' logStreamNamePrefix) is a range, not a scan. */
    private final ConcurrentNavigableMap<String, Entry> sessions = new ConcurrentSkipListMap<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param clock         the sandbox clock
     * @param tokenLifetime how long a TokenValue may be used to open the data channel
     */
    public SessionRegistry(Clock clock, Duration tokenLifetime) {
        this(clock, tokenLifetime, Duration.ofMinutes(1));
    }

    /**
     * @param clock         the sandbox clock
     * @param tokenLifetime how long a TokenValue may be used to open the data channel
     * @param timeoutUnit   how long one minute of idleSessionTimeout and maxSessionDuration lasts here: a minute
     *                      as in AWS, or less so that tests see timeouts in seconds
     */
    public SessionRegistry(Clock clock, Duration tokenLifetime, Duration timeoutUnit) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokenLifetime = Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        this.timeoutUnit = Objects.requireNonNull(timeoutUnit, "timeoutUnit");
        if (timeoutUnit.isNegative() || timeoutUnit.isZero()) {
            throw new IllegalArgumentException("timeoutUnit must be positive");
        }
    }

    public void addListener(SessionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    /** Starts a session in status Connecting and issues its first token and cell-number. */
    public SessionGrant start(NewSession request) {
        Instant now = clock.instant();
        Entry entry;
        IssuedToken token;
        do {
            // The token is issued before the entry is published, so no reader ever sees a session without one.
            entry = new Entry(newSessionId(request.owner().name()), request, now);
            token = entry.issue(newToken(), now.plus(tokenLifetime), newCellNumber());
        } while (sessions.putIfAbsent(entry.id, entry) != null);
        LOG.info("Session {} started on {} with {} by {}", entry.id, request.target(), request.document().name(),
                request.owner().arn());
        return new SessionGrant(entry.snapshotLocked(), token);
    }

    /**
     * ResumeSession: a new token and cell-number for a session that is still active.
     *
     * @return empty when the session has ended (AWS then answers without a TokenValue, and the plugin
     *         prints "Session … timed out")
     * @throws NoSuchSessionException when there is no such session
     */
    public Optional<SessionGrant> resume(String sessionId) {
        Entry entry = require(sessionId);
        synchronized (entry) {
            if (entry.status == SessionStatus.Terminating || !entry.status.isActive()) {
                return Optional.empty();
            }
            IssuedToken token = entry.issue(newToken(), clock.instant().plus(tokenLifetime), newCellNumber());
            return Optional.of(new SessionGrant(entry.snapshot(), token));
        }
    }

    /** True when {@code token} is the session's current, unexpired token and the session is still active. */
    public boolean isValidToken(String sessionId, String token) {
        Entry entry = sessionId == null ? null : sessions.get(sessionId);
        if (entry == null || token == null) {
            return false;
        }
        synchronized (entry) {
            return entry.status.isActive() && entry.status != SessionStatus.Terminating
                    && clock.instant().isBefore(entry.tokenExpiresAt)
                    && MessageDigest.isEqual(entry.token.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The data channel is open (first open, or a reconnect after ResumeSession). */
    public SessionSnapshot markConnected(String sessionId) {
        return transition(sessionId, SessionStatus.Connected,
                EnumSet.of(SessionStatus.Connecting, SessionStatus.Disconnected, SessionStatus.Connected));
    }

    /** The data channel dropped without the session ending; the client may resume. */
    public SessionSnapshot markDisconnected(String sessionId) {
        return transition(sessionId, SessionStatus.Disconnected,
                EnumSet.of(SessionStatus.Connected, SessionStatus.Disconnected));
    }

    /** The session is ending (e.g. the agent reported Terminating); {@link #terminate} follows. */
    public SessionSnapshot markTerminating(String sessionId) {
        return transition(sessionId, SessionStatus.Terminating, EnumSet.of(SessionStatus.Connecting,
                SessionStatus.Connected, SessionStatus.Disconnected, SessionStatus.Terminating));
    }

    /** The session could not start; it moves to History with status Failed. Listeners get onTerminated. */
    public SessionSnapshot markFailed(String sessionId, String message) {
        return end(require(sessionId), SessionStatus.Failed, new Termination(TerminationCause.FAILURE, message))
                .orElseGet(() -> snapshotOf(sessionId));
    }

    /** Data-channel traffic: pushes the idle deadline back. */
    public void recordActivity(String sessionId) {
        Entry entry = require(sessionId);
        synchronized (entry) {
            if (entry.status.isActive()) {
                entry.lastActivity = clock.instant();
            }
        }
    }

    /**
     * Ends a session (TerminateSession, timeouts, or the data plane). Idempotent: ending an ended session
     * changes nothing and fires no event.
     *
     * @return the session after the call, or empty when there is no such session
     */
    public Optional<SessionSnapshot> terminate(String sessionId, Termination termination) {
        Entry entry = sessionId == null ? null : sessions.get(sessionId);
        if (entry == null) {
            return Optional.empty();
        }
        return Optional.of(end(entry, SessionStatus.Terminated, termination).orElseGet(() -> snapshotOf(sessionId)));
    }

    /** Ends every active session whose maximum duration or idle timeout has passed; returns them. */
    public List<SessionSnapshot> terminateOverdue() {
        Instant now = clock.instant();
        List<SessionSnapshot> ended = new ArrayList<>();
        for (Entry entry : sessions.values()) {
            SessionSnapshot s = entry.snapshotLocked();
            if (!s.status().isActive()) {
                continue;
            }
            Optional<Instant> max = s.maxDurationDeadline(timeoutUnit);
            Termination why = null;
            if (max.isPresent() && !now.isBefore(max.get())) {
                why = Termination.of(TerminationCause.MAX_DURATION);
            } else if (!now.isBefore(s.idleDeadline(timeoutUnit))) {
                why = Termination.of(TerminationCause.IDLE_TIMEOUT);
            }
            if (why != null) {
                end(entry, SessionStatus.Terminated, why).ifPresent(ended::add);
            }
        }
        return ended;
    }

    public Optional<SessionSnapshot> find(String sessionId) {
        Entry entry = sessionId == null ? null : sessions.get(sessionId);
        return entry == null ? Optional.empty() : Optional.of(entry.snapshotLocked());
    }

    /** The sessions whose id starts with {@code prefix}, in id order. */
    public List<SessionSnapshot> withIdPrefix(String prefix) {
        List<SessionSnapshot> list = new ArrayList<>();
        for (Map.Entry<String, Entry> e : sessions.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            list.add(e.getValue().snapshotLocked());
        }
        return list;
    }

    /** Every session, newest first. */
    public List<SessionSnapshot> all() {
        List<SessionSnapshot> list = new ArrayList<>();
        sessions.values().forEach(e -> list.add(e.snapshotLocked()));
        list.sort(Comparator.comparing(SessionSnapshot::startDate).reversed()
                .thenComparing(SessionSnapshot::sessionId));
        return list;
    }

    private SessionSnapshot transition(String sessionId, SessionStatus to, Set<SessionStatus> from) {
        Entry entry = require(sessionId);
        SessionSnapshot before;
        SessionSnapshot after;
        synchronized (entry) {
            if (!from.contains(entry.status)) {
                throw new IllegalStateException("session " + sessionId + " is " + entry.status + "; cannot become " + to);
            }
            before = entry.snapshot();
            entry.status = to;
            if (to == SessionStatus.Connected) {
                entry.lastActivity = clock.instant();
            }
            after = entry.snapshot();
        }
        if (before.status() != after.status()) {
            fireStatusChanged(before, after);
        }
        return after;
    }

    /** Moves an active session to a final status; empty when it had already ended. */
    private Optional<SessionSnapshot> end(Entry entry, SessionStatus finalStatus, Termination termination) {
        SessionSnapshot before;
        SessionSnapshot after;
        synchronized (entry) {
            if (!entry.status.isActive()) {
                return Optional.empty();
            }
            before = entry.snapshot();
            entry.status = finalStatus;
            entry.endDate = clock.instant();
            entry.termination = termination;
            after = entry.snapshot();
        }
        LOG.info("Session {} ended: {} ({})", after.sessionId(), finalStatus, termination.cause());
        fireStatusChanged(before, after);
        for (SessionListener listener : listeners) {
            try {
                listener.onTerminated(after, termination);
            } catch (RuntimeException e) {
                LOG.warn("Session listener failed on termination of {}", after.sessionId(), e);
            }
        }
        return Optional.of(after);
    }

    private void fireStatusChanged(SessionSnapshot before, SessionSnapshot after) {
        for (SessionListener listener : listeners) {
            try {
                listener.onStatusChanged(before, after);
            } catch (RuntimeException e) {
                LOG.warn("Session listener failed on status change of {}", after.sessionId(), e);
            }
        }
    }

    private Entry require(String sessionId) {
        Entry entry = sessionId == null ? null : sessions.get(sessionId);
        if (entry == null) {
            throw new NoSuchSessionException(sessionId);
        }
        return entry;
    }

    private SessionSnapshot snapshotOf(String sessionId) {
        return require(sessionId).snapshotLocked();
    }

    /** {@code <name>-<17 hex>}, like AWS's older session ids; the name is cut so the id fits in 96. */
    private String newSessionId(String principalName) {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        String hex = HexFormat.of().formatHex(bytes).substring(0, ID_HEX_DIGITS);
        String name = principalName.length() > MAX_SESSION_ID_LENGTH - ID_HEX_DIGITS - 1
                ? principalName.substring(0, MAX_SESSION_ID_LENGTH - ID_HEX_DIGITS - 1) : principalName;
        return name + "-" + hex;
    }

    private String newToken() {
        byte[] bytes = new byte[96];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Standard base64 with padding, so '+', '/' and '=' occur as in AWS's cell-numbers. */
    private String newCellNumber() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** One session's mutable state; every field is guarded by the entry's monitor. */
    private static final class Entry {
        private final String id;
        private final NewSession request;
        private final Instant startDate;
        private SessionStatus status = SessionStatus.Connecting;
        private Instant endDate;
        private Instant lastActivity;
        private Termination termination;
        private String token;
        private Instant tokenExpiresAt;
        private String cellNumber;

        Entry(String id, NewSession request, Instant startDate) {
            this.id = id;
            this.request = request;
            this.startDate = startDate;
            this.lastActivity = startDate;
        }

        IssuedToken issue(String newToken, Instant expiresAt, String newCellNumber) {
            token = newToken;
            tokenExpiresAt = expiresAt;
            cellNumber = newCellNumber;
            return new IssuedToken(newToken, expiresAt);
        }

        SessionSnapshot snapshot() {
            return new SessionSnapshot(id, request.target(), request.document(), request.owner(), request.reason(),
                    status, startDate, endDate, request.preferences(), cellNumber, lastActivity, termination);
        }

        synchronized SessionSnapshot snapshotLocked() {
            return snapshot();
        }
    }
}
