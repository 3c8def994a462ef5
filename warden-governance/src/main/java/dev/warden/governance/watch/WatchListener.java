package dev.warden.governance.watch;

import dev.warden.governance.PassReport;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.events.EventIntake;
import dev.warden.governance.events.SessionEvent;
import java.time.Duration;

/** What watch reports as it runs (its metrics); every method does nothing unless overridden. */
public interface WatchListener {

    WatchListener NONE = new WatchListener() {
    };

    /** A safety-net pass ended. */
    default void passCompleted(Duration took, PassReport report) {
    }

    /** A session over a limit was acted on (by a timer or a pass): terminated, or spared by an exemption. */
    default void violation(String tier) {
    }

    /** A session over a limit was terminated (by a timer or a pass), or tried to be: the outcome. */
    default void terminated(String tier, TerminationOutcome outcome) {
    }

    /** An event was taken from a source. */
    default void eventHandled(SessionEvent event, EventIntake.Outcome outcome, Duration lag) {
    }
}
