package dev.warden.governance.alert;

import java.util.Optional;

/**
 * What became of one alert on one channel.
 *
 * @param channel  {@code webhook <host>} (never the URL: it carries a secret) or the SNS topic ARN
 * @param attempts how many times it was tried
 * @param error    why it finally failed, when it did
 */
public record AlertOutcome(String channel, boolean sent, int attempts, Optional<String> error) {
}
