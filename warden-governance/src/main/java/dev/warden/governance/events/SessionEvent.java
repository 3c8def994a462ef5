package dev.warden.governance.events;

import java.time.Instant;
import java.util.Optional;

/**
 * One CloudTrail event about a session or a session document, as EventBridge delivers it.
 *
 * @param id        EventBridge's event id: the same on every delivery of the event, so it is what deduplicates
 * @param type      what happened
 * @param accountId the account the call was made in
 * @param region    the region the call was made in
 * @param time      when the call was made (CloudTrail gives whole seconds)
 * @param sessionId the session, for session events
 * @param target    the target a StartSession named
 * @param principal the caller's ARN
 * @param document  the document a document event changed
 */
public record SessionEvent(String id, Type type, String accountId, String region, Instant time,
                           Optional<String> sessionId, Optional<String> target, Optional<String> principal,
                           Optional<String> document) {

    /** The calls watch acts on, by their CloudTrail {@code eventName}. */
    public enum Type {
        START_SESSION("StartSession"),
        RESUME_SESSION("ResumeSession"),
        TERMINATE_SESSION("TerminateSession"),
        UPDATE_DOCUMENT("UpdateDocument"),
        UPDATE_DOCUMENT_DEFAULT_VERSION("UpdateDocumentDefaultVersion");

        private final String eventName;

        Type(String eventName) {
            this.eventName = eventName;
        }

        public String eventName() {
            return eventName;
        }

        /** True for the calls that change a session document (a preference audit of the pair follows). */
        public boolean changesDocument() {
            return this == UPDATE_DOCUMENT || this == UPDATE_DOCUMENT_DEFAULT_VERSION;
        }

        static Optional<Type> ofEventName(String name) {
            for (Type t : values()) {
                if (t.eventName.equals(name)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }
}
