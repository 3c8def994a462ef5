package dev.warden.governance.alert;

import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.policy.Alerts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sends an alert to the policy's Slack-compatible webhook ({@code {"text": …}}) and SNS topics. Each channel
 * is tried up to {@code attempts} times with exponential backoff; a webhook's 4xx answer (other than 429) is
 * not retried, since sending the same request again cannot succeed.
 */
public final class Alerter {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The engine's alerting: each channel tried 3 times, backing off from 0.5 s. */
    public static final int ATTEMPTS = 3;
    public static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private final AwsAccess aws;
    private final HttpClient http;
    private final int attempts;
    private final Duration firstBackoff;
    private final Consumer<AlertOutcome> onOutcome;

    public Alerter(AwsAccess aws, int attempts, Duration firstBackoff) {
        this(aws, attempts, firstBackoff, outcome -> { });
    }

    /** As above; {@code onOutcome} sees every channel's outcome (watch counts the failures in its metrics). */
    public Alerter(AwsAccess aws, int attempts, Duration firstBackoff, Consumer<AlertOutcome> onOutcome) {
        this.aws = aws;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.onOutcome = onOutcome;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public List<AlertOutcome> send(Alerts alerts, String subject, String text) {
        List<AlertOutcome> outcomes = new ArrayList<>();
        alerts.webhook().ifPresent(url -> outcomes.add(webhook(url, subject + "\n" + text)));
        for (String topic : alerts.snsTopics()) {
            outcomes.add(sns(topic, subject, text));
        }
        outcomes.forEach(onOutcome);
        return outcomes;
    }

    private AlertOutcome webhook(URI url, String text) {
        String channel = "webhook " + url.getHost();
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("text", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of one string always serialises", e);
        }
        String error = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return new AlertOutcome(channel, true, attempt, Optional.empty());
                }
                error = "HTTP " + status;
                if (status / 100 == 4 && status != 429) {
                    return new AlertOutcome(channel, false, attempt, Optional.of(error));
                }
            } catch (IOException e) {
                error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new AlertOutcome(channel, false, attempt, Optional.of("interrupted"));
            }
            if (attempt < attempts && !pause(attempt)) {
                return new AlertOutcome(channel, false, attempt, Optional.of("interrupted"));
            }
        }
        return new AlertOutcome(channel, false, attempts, Optional.of(error));
    }

    private AlertOutcome sns(String topic, String subject, String text) {
        String region = topic.split(":")[3];
        String error = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                // SNS subjects are limited to 100 characters.
                aws.sns(region).publish(r -> r.topicArn(topic).subject(subject.length() > 100
                        ? subject.substring(0, 100) : subject).message(text));
                return new AlertOutcome(topic, true, attempt, Optional.empty());
            } catch (SdkException e) {
                error = e.getMessage();
            }
            if (attempt < attempts && !pause(attempt)) {
                return new AlertOutcome(topic, false, attempt, Optional.of("interrupted"));
            }
        }
        return new AlertOutcome(topic, false, attempts, Optional.of(error));
    }

    /** Backoff before the next attempt; false when interrupted. */
    private boolean pause(int attempt) {
        try {
            Thread.sleep(firstBackoff.toMillis() << (attempt - 1));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
