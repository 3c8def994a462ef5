package dev.warden.sandbox.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Session behaviour.
 *
 * @param tokenLifetime       how long a TokenValue from StartSession/ResumeSession may be used to open the
 *                            data channel
 * @param enforcementInterval how often idle and maximum-duration limits are checked; zero disables the
 *                            sandbox's own enforcement
 * @param preferences         the initial {@code inputs} of the account's {@code SSM-SessionManagerRunShell}
 *                            preferences document, every key present
 * @param timeoutUnit         how long one minute of idleSessionTimeout and maxSessionDuration lasts: one minute,
 *                            as in AWS, unless shortened (e.g. to 1s) to watch timeouts happen in seconds
 */
public record SessionSettings(Duration tokenLifetime, Duration enforcementInterval, Map<String, Object> preferences,
                              Duration timeoutUnit) {

    public static final Duration MINUTE = Duration.ofMinutes(1);

    public SessionSettings {
        preferences = Collections.unmodifiableMap(new LinkedHashMap<>(preferences));
        timeoutUnit = timeoutUnit == null ? MINUTE : timeoutUnit;
    }

    public SessionSettings(Duration tokenLifetime, Duration enforcementInterval, Map<String, Object> preferences) {
        this(tokenLifetime, enforcementInterval, preferences, MINUTE);
    }

    /** A copy whose timeouts count in {@code unit} instead of minutes. */
    public SessionSettings withTimeoutUnit(Duration unit) {
        return new SessionSettings(tokenLifetime, enforcementInterval, preferences, unit);
    }
}
