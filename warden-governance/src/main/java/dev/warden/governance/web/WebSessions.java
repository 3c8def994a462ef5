package dev.warden.governance.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's sign-ins: a token exchanged at {@code /login} becomes a random session id (the cookie) with its
 * own CSRF token. Kept in memory: restarting the dashboard signs everyone out, which is the safe failure.
 */
final class WebSessions {

    /** One signed-in browser. */
    record WebSession(String id, AccessTokens.Holder holder, String csrfToken, Instant expires) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, WebSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration lifetime;

    WebSessions(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    WebSession open(AccessTokens.Holder holder) {
        Instant now = Instant.now(clock);
        // Expired sign-ins are dropped here, so the map cannot grow without bound.
        sessions.values().removeIf(s -> !now.isBefore(s.expires()));
        WebSession s = new WebSession(randomId(), holder, randomId(), now.plus(lifetime));
        sessions.put(s.id(), s);
        return s;
    }

    Optional<WebSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        WebSession s = sessions.get(id);
        if (s == null || !Instant.now(clock).isBefore(s.expires())) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    void close(String id) {
        sessions.remove(id);
    }

    Duration lifetime() {
        return lifetime;
    }

    private static String randomId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
