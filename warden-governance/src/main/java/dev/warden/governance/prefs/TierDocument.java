package dev.warden.governance.prefs;

import java.util.Optional;

/**
 * One tier's own Session document, and the IAM statement that makes users start their sessions with it.
 *
 * @param tier         the tier's name
 * @param document     the document's name ({@code Warden-<tier>})
 * @param state        how the document in the account × region compared with the tier
 * @param iamStatement the IAM policy statement for the operator: StartSession allowed only with this document
 *                     ({@code ssm:SessionDocumentAccessCheck}) on the targets the tier's tags select
 * @param error        why the document could not be read or written, if so
 */
public record TierDocument(String tier, String document, State state, String iamStatement, Optional<String> error) {

    /** The document's state before this pass, and what the pass did to it. */
    public enum State {
        /** Holds the tier's limits. */
        UP_TO_DATE,
        /** Does not exist (not created: no remediation). */
        MISSING,
        /** Holds other limits (not changed: no remediation). */
        DIFFERENT,
        /** Did not exist; created. */
        CREATED,
        /** Held other limits; a new default version holds the tier's. */
        UPDATED,
        /** Could not be read or written. */
        FAILED
    }
}
