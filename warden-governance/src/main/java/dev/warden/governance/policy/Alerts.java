package dev.warden.governance.policy;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Where alerts go: a Slack-compatible webhook and SNS topics (by ARN). */
public record Alerts(Optional<URI> webhook, List<String> snsTopics) {

    public static final Alerts NONE = new Alerts(Optional.empty(), List.of());

    public Alerts {
        snsTopics = List.copyOf(snsTopics);
    }

    @Override
    public String toString() {
        // Slack webhook URLs carry their secret in the path: show only the host.
        return "Alerts[webhook=" + webhook.map(URI::getHost).orElse("none") + ", sns=" + snsTopics + "]";
    }
}
