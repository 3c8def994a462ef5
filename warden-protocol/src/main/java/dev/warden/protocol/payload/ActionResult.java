package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * The {@code ActionResult} of a processed handshake action: JSON {@code null} for SessionType and for
 * failures, a {@link KmsEncryptionResult} for a successful KMSEncryption, and anything else kept verbatim
 * (the official client writes the number 3 there for an unknown action).
 */
public sealed interface ActionResult permits ActionResult.None, KmsEncryptionResult, ActionResult.Opaque {

    /** The JSON null result. */
    None NONE = new None();

    /** JSON {@code null}. */
    record None() implements ActionResult {
    }

    /**
     * A result this library has no type for.
     *
     * @param json the JSON value, never JSON null; copied in and out
     */
    record Opaque(JsonNode json) implements ActionResult {
        public Opaque {
            Objects.requireNonNull(json, "json");
            if (json.isNull()) {
                throw new IllegalArgumentException("a JSON null result is ActionResult.NONE");
            }
            json = json.deepCopy();
        }

        @Override
        public JsonNode json() {
            return json.deepCopy();
        }
    }
}
