package dev.warden.sandbox.sqs;

import dev.warden.sandbox.fleet.AccountRegion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One standard SQS queue: messages wait until received, stay invisible for the visibility timeout after each
 * receive, and are gone only when deleted with the receipt handle of their latest receive, so a consumer that
 * dies before deleting gets its messages back (at-least-once, as SQS). Visibility runs on the sandbox clock;
 * long polling waits in real time. Thread-safe.
 */
public final class Queue {

    /** A message as stored. */
    public static final class Message {
        private final String messageId;
        private final String body;
        private final Instant sentAt;
        private Instant visibleAt;
        private int receiveCount;
        private String receiptHandle;

        Message(String messageId, String body, Instant sentAt) {
            this.messageId = messageId;
            this.body = body;
            this.sentAt = sentAt;
            this.visibleAt = sentAt;
        }

        public String messageId() {
            return messageId;
        }

        public String body() {
            return body;
        }

        public Instant sentAt() {
            return sentAt;
        }

        public int receiveCount() {
            return receiveCount;
        }

        public String receiptHandle() {
            return receiptHandle;
        }
    }

    /** A received message: what ReceiveMessage returns for it. */
    public record Received(String messageId, String body, String receiptHandle, int receiveCount, Instant sentAt) {
    }

    private final AccountRegion placement;
    private final String name;
    private final Duration visibilityTimeout;
    private final Clock clock;
    private final Map<String, Message> messages = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();

    Queue(AccountRegion placement, String name, Duration visibilityTimeout, Clock clock) {
        this.placement = placement;
        this.name = name;
        this.visibilityTimeout = visibilityTimeout;
        this.clock = clock;
    }

    public AccountRegion placement() {
        return placement;
    }

    public String name() {
        return name;
    }

    public Duration visibilityTimeout() {
        return visibilityTimeout;
    }

    /** Adds a message that becomes visible after {@code delay}; returns its id. */
    public String send(String body, Duration delay) {
        lock.lock();
        try {
            String id = UUID.randomUUID().toString();
            Message message = new Message(id, body, clock.instant());
            message.visibleAt = message.sentAt.plus(delay);
            messages.put(id, message);
            arrived.signalAll();
            return id;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code max} visible messages, each made invisible for {@code visibility} (the queue's timeout when
     * null); waits up to {@code wait} for the first one when none is visible (long polling).
     */
    public List<Received> receive(int max, Duration visibility, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (true) {
                List<Received> batch = takeVisible(max, visibility == null ? visibilityTimeout : visibility);
                long left = deadline - System.nanoTime();
                if (!batch.isEmpty() || left <= 0) {
                    return batch;
                }
                // Invisible messages come back on the sandbox clock, which a test may move: look again soon.
                arrived.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Deletes the message whose latest receive gave {@code receiptHandle}; false when none did. */
    public boolean delete(String receiptHandle) {
        lock.lock();
        try {
            for (Iterator<Message> it = messages.values().iterator(); it.hasNext(); ) {
                if (receiptHandle.equals(it.next().receiptHandle)) {
                    it.remove();
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Makes a received message visible again after {@code timeout} (0: at once); false for an unknown handle. */
    public boolean changeVisibility(String receiptHandle, Duration timeout) {
        lock.lock();
        try {
            Optional<Message> m = messages.values().stream().filter(x -> receiptHandle.equals(x.receiptHandle))
                    .findFirst();
            m.ifPresent(x -> x.visibleAt = clock.instant().plus(timeout));
            arrived.signalAll();
            return m.isPresent();
        } finally {
            lock.unlock();
        }
    }

    /** Messages waiting (visible now) and in flight (received, not yet deleted, still invisible). */
    public int[] counts() {
        lock.lock();
        try {
            Instant now = clock.instant();
            int visible = 0;
            int inFlight = 0;
            for (Message m : messages.values()) {
                if (m.visibleAt.isAfter(now)) {
                    inFlight++;
                } else {
                    visible++;
                }
            }
            return new int[] {visible, inFlight};
        } finally {
            lock.unlock();
        }
    }

    private List<Received> takeVisible(int max, Duration visibility) {
        Instant now = clock.instant();
        List<Received> batch = new ArrayList<>();
        for (Message m : messages.values()) {
            if (batch.size() == max) {
                break;
            }
            if (!m.visibleAt.isAfter(now)) {
                m.visibleAt = now.plus(visibility);
                m.receiveCount++;
                m.receiptHandle = UUID.randomUUID() + "#" + m.receiveCount;
                batch.add(new Received(m.messageId, m.body, m.receiptHandle, m.receiveCount, m.sentAt));
            }
        }
        return batch;
    }
}
