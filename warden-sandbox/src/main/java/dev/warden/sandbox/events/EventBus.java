package dev.warden.sandbox.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.sandbox.fleet.AccountRegion;
import dev.warden.sandbox.protocol.CallContext;
import dev.warden.sandbox.sqs.Queue;
import dev.warden.sandbox.sqs.Queues;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the CloudTrail events of the sandbox's SSM calls to the configured targets, as an EventBridge rule
 * matching {@code source: aws.ssm} would: in the background, at least once, several at a time as EventBridge
 * invokes an API destination concurrently. Events are spread over {@value #LANES} delivery lanes by the session (or
 * document) they concern, so that one subject's events keep the order of its calls while a slow or failing
 * delivery holds up only its own lane. The HTTP target is retried with exponential backoff while it fails
 * (EventBridge retries for up to a day; the sandbox gives up after {@value #HTTP_ATTEMPTS} attempts and counts the
 * loss). Thread-safe.
 */
public final class EventBus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private static final int HTTP_ATTEMPTS = 8;
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    /** Deliveries in flight at once at most. */
    static final int LANES = 8;

    private final EventTargets targets;
    private final Queues queues;
    private final AccountRegion home;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** One delivery thread per lane; none when there is no target. */
    private final List<ExecutorService> lanes;
    private final Random random;
    private final List<ObjectNode> emitted = new CopyOnWriteArrayList<>();
    private final AtomicLong lostHttpDeliveries = new AtomicLong();

    public EventBus(EventTargets targets, Queues queues, AccountRegion home, Clock clock, long seed) {
        this.targets = Objects.requireNonNull(targets, "targets");
        this.queues = Objects.requireNonNull(queues, "queues");
        this.home = Objects.requireNonNull(home, "home");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = new Random(seed);
        this.lanes = !targets.any() ? List.of() : IntStream.range(0, LANES)
                .mapToObj(lane -> Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "sandbox-event-delivery-" + lane);
                    t.setDaemon(true);
                    return t;
                })).toList();
        if (targets.sqsQueue() != null) {
            queues.create(home, targets.sqsQueue(), Queues.DEFAULT_VISIBILITY);
        }
    }

    /** Records the event of a successful call and queues its delivery. */
    public void record(String eventName, JsonNode request, JsonNode response, CallContext context) {
        ObjectNode event = CloudTrailEvent.of(eventName, request, response, context, clock.instant());
        emitted.add(event);
        if (lanes.isEmpty()) {
            return;
        }
        ExecutorService delivery = lanes.get(Math.floorMod(subjectOf(eventName, request, response).hashCode(), LANES));
        boolean twice;
        synchronized (random) {
            twice = targets.duplicateRate() > 0 && random.nextDouble() < targets.duplicateRate();
        }
        String body = event.toString();
        try {
            delivery.execute(() -> deliver(body));
            if (twice) {
                delivery.execute(() -> deliver(body));
            }
        } catch (RejectedExecutionException stopped) {
            LOG.debug("The sandbox is stopping; event {} not delivered", eventName);
        }
    }

    /** What an event concerns, for its lane: the session it names, else the document, else its kind. */
    private static String subjectOf(String eventName, JsonNode request, JsonNode response) {
        for (JsonNode node : List.of(response.path("SessionId"), request.path("SessionId"), request.path("Name"))) {
            if (node.isTextual()) {
                return node.asText();
            }
        }
        return eventName;
    }

    /** Every event recorded so far, oldest first (delivered or not). */
    public List<ObjectNode> emitted() {
        return List.copyOf(emitted);
    }

    /** HTTP deliveries given up after every retry failed. */
    public long lostHttpDeliveries() {
        return lostHttpDeliveries.get();
    }

    private void deliver(String body) {
        if (targets.sqsQueue() != null) {
            queues.find(home, targets.sqsQueue()).ifPresent((Queue q) -> q.send(body, Duration.ZERO));
        }
        if (targets.httpUrl() != null) {
            post(body);
        }
    }

    private void post(String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(targets.httpUrl()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (targets.httpHeader() != null) {
            request.header(targets.httpHeader(), targets.httpKey() == null ? "" : targets.httpKey());
        }
        Duration backoff = FIRST_RETRY;
        for (int attempt = 1; attempt <= HTTP_ATTEMPTS; attempt++) {
            try {
                int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return;
                }
                LOG.debug("Event delivery to {} answered {} (attempt {})", targets.httpUrl(), status, attempt);
            } catch (IOException e) {
                LOG.debug("Event delivery to {} failed (attempt {}): {}", targets.httpUrl(), attempt, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = backoff.multipliedBy(2);
        }
        lostHttpDeliveries.incrementAndGet();
        LOG.warn("Gave up delivering an event to {} after {} attempts", targets.httpUrl(), HTTP_ATTEMPTS);
    }

    @Override
    public void close() {
        lanes.forEach(ExecutorService::shutdownNow);
        // One deadline for all the lanes: a stop waits 5 s at most for deliveries under way, not 5 s per lane.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            for (ExecutorService lane : lanes) {
                lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
