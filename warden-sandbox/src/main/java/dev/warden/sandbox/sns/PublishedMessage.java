package dev.warden.sandbox.sns;

import java.time.Instant;
import java.util.Objects;

/**
 * A message an SNS Publish call delivered to a topic, as a subscriber would receive it.
 *
 * @param topicArn  the topic
 * @param messageId the id Publish returned
 * @param subject   the Subject, or null
 * @param message   the Message
 * @param publisher the ARN of the caller that published it
 * @param timestamp when it was published (sandbox clock)
 */
public record PublishedMessage(String topicArn, String messageId, String subject, String message, String publisher,
                               Instant timestamp) {

    public PublishedMessage {
        Objects.requireNonNull(topicArn, "topicArn");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(message, "message");
    }
}
