package dev.warden.governance.events;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the event sources (the HTTP endpoint, the SQS queue) hand each event body they receive. The intake handles
 * events in the background, several at a time; a source learns the outcome from the future it gets back.
 */
@FunctionalInterface
public interface EventIntake {

    /** What became of one delivery. */
    enum Outcome {
        /** Acted on. */
        HANDLED,
        /** Delivered before: nothing done again. */
        DUPLICATE,
        /** Not of interest (another call, or an account or region outside the policy). */
        IGNORED
    }

    /**
     * Takes one event body for handling.
     *
     * @return the outcome once handled (completed exceptionally when handling failed); empty when the intake has no
     *         room now: the source must deliver the event again later (back-pressure, not an unbounded queue)
     * @throws MalformedEventException at once, when the body is not an event
     */
    Optional<CompletableFuture<Outcome>> offer(String body);
}
