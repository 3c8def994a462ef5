package dev.warden.sandbox.sqs;

import dev.warden.sandbox.fleet.AccountRegion;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The SQS queues of every account and region. Thread-safe. */
public final class Queues {

    /** SQS's default visibility timeout. */
    public static final Duration DEFAULT_VISIBILITY = Duration.ofSeconds(30);

    private final Map<AccountRegion, Map<String, Queue>> queues = new ConcurrentHashMap<>();
    private final Clock clock;

    public Queues(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The queue, created with {@code visibilityTimeout} if it does not exist (CreateQueue is idempotent). */
    public Queue create(AccountRegion where, String name, Duration visibilityTimeout) {
        return in(where).computeIfAbsent(name, n -> new Queue(where, n, visibilityTimeout, clock));
    }

    public Optional<Queue> find(AccountRegion where, String name) {
        return Optional.ofNullable(in(where).get(name));
    }

    private Map<String, Queue> in(AccountRegion where) {
        return queues.computeIfAbsent(where, w -> new ConcurrentHashMap<>());
    }
}
