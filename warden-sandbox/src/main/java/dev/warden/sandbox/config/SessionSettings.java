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
 */
public record SessionSettings(Duration tokenLifetime, Duration enforcementInterval, Map<String, Object> preferences) {

    public SessionSettings {
        preferences = Collections.unmodifiableMap(new LinkedHashMap<>(preferences));
    }
}
