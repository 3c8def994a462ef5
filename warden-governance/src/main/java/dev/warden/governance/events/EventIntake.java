package dev.warden.governance.events;

/** Where the event sources (the HTTP endpoint, the SQS queue) hand each event body they receive. */
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
     * Handles one event body.
     *
     * @throws MalformedEventException when the body is not an event
     */
    Outcome accept(String body);
}
