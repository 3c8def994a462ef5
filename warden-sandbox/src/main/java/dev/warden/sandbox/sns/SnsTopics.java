package dev.warden.sandbox.sns;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SNS topics of every account and region, and what was published to them: the sandbox has no subscribers,
 * so tests (and the governance engine's alert tests) read the delivered messages here. Thread-safe.
 */
public final class SnsTopics {

    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final List<PublishedMessage> published = new CopyOnWriteArrayList<>();

    public SnsTopics(Collection<String> initialTopicArns) {
        topics.addAll(initialTopicArns);
    }

    public boolean exists(String topicArn) {
        return topics.contains(topicArn);
    }

    /** Creates {@code topicArn} if it does not exist (CreateTopic is idempotent). */
    public void create(String topicArn) {
        topics.add(topicArn);
    }

    /** Deletes a topic, e.g. so that a test sees publishing to it fail. */
    public void delete(String topicArn) {
        topics.remove(topicArn);
    }

    void record(PublishedMessage message) {
        published.add(message);
    }

    /** Every message published to {@code topicArn}, oldest first. */
    public List<PublishedMessage> published(String topicArn) {
        List<PublishedMessage> result = new ArrayList<>();
        for (PublishedMessage m : published) {
            if (m.topicArn().equals(topicArn)) {
                result.add(m);
            }
        }
        return result;
    }
}
