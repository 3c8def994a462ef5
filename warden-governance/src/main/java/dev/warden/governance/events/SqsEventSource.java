package dev.warden.governance.events;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Takes events from the SQS queue an EventBridge rule sends them to: long-polling ReceiveMessage, each message
 * handed to the intake (waiting while it is full: back-pressure), then DeleteMessage once it is handled. A message
 * whose handling failed is not deleted: it comes back after its visibility timeout. One that is not an event is
 * deleted (it would fail every time) and logged.
 */
public final class SqsEventSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSource.class);
    private static final int BATCH = 10;
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);
    /** How long to wait before offering again an event the intake had no room for. */
    private static final Duration ROOM_WAIT = Duration.ofMillis(50);

    private final SqsClient sqs;
    private final String queueUrl;
    private final EventIntake intake;
    private final Duration longPoll;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param longPoll how long one ReceiveMessage waits for a message (at most 20 s) */
    public SqsEventSource(SqsClient sqs, String queueUrl, EventIntake intake, Duration longPoll) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.intake = intake;
        this.longPoll = longPoll;
        this.thread = new Thread(this::run, "warden-watch-sqs");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        int failures = 0;
        while (running) {
            try {
                for (Message m : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(BATCH)
                        .waitTimeSeconds((int) longPoll.toSeconds())).messages()) {
                    if (!running) {
                        // Stopping: what was received comes back to the queue after its visibility timeout.
                        return;
                    }
                    if (!handle(m)) {
                        return;
                    }
                }
                failures = 0;
            } catch (SdkException e) {
                if (!running) {
                    return;
                }
                failures++;
                LOG.warn("Cannot receive events from the queue (attempt {}): {}", failures, e.getMessage());
                if (!pause(Duration.ofMillis(Math.min(30_000, 500L << Math.min(failures, 6))))) {
                    return;
                }
            }
        }
    }

    /**
     * Hands the message to the intake, waiting while it has no room (the message stays invisible to others
     * meanwhile); deletes it once handled. False when stopping before it could be handed over.
     */
    private boolean handle(Message m) {
        Optional<CompletableFuture<EventIntake.Outcome>> taken;
        try {
            while ((taken = intake.offer(m.body())).isEmpty()) {
                if (!running || !pause(ROOM_WAIT)) {
                    return false;
                }
            }
        } catch (MalformedEventException e) {
            LOG.warn("Dropped a queue message that is not a CloudTrail event: {}", e.getMessage());
            delete(m);
            return true;
        }
        taken.get().whenComplete((outcome, failure) -> {
            if (failure == null) {
                delete(m);
            } else {
                LOG.warn("Could not handle an event; it is received again after its visibility timeout: {}",
                        failure.toString());
            }
        });
        return true;
    }

    private void delete(Message m) {
        try {
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        } catch (SdkException e) {
            // Received again after its visibility timeout, and then a duplicate: nothing is done twice.
            LOG.warn("Could not delete a handled event from the queue: {}", e.getMessage());
        }
    }

    private boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            // A ReceiveMessage in flight may wait out its long poll; what it brings is left in the queue.
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
