package dev.warden.protocol;

import java.util.Objects;

/**
 * Why a decoder refused its input. Every decoder of this library reports malformed input through this
 * type (wrapped in a {@link Decoding.Failed}); none throws an unchecked exception for bad bytes.
 *
 * @param kind   what was wrong, for code that reacts to it
 * @param detail what was wrong, for a person reading a log line; never contains secrets
 */
public record DecodeError(Kind kind, String detail) {

    public DecodeError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    /** Every way an input can be malformed, across the frame, payload and smux decoders. */
    public enum Kind {
        /** Fewer bytes than the fixed part of the structure needs. */
        TRUNCATED,
        /** A ClientMessage HeaderLength other than 116. */
        BAD_HEADER_LENGTH,
        /** A declared length that does not match the bytes present (short, long or trailing garbage). */
        LENGTH_MISMATCH,
        /** A MessageType field that is blank or holds characters no sender writes. */
        BAD_MESSAGE_TYPE,
        /** A CreatedDate of zero. */
        ZERO_CREATED_DATE,
        /** A negative SequenceNumber. */
        NEGATIVE_SEQUENCE_NUMBER,
        /** A PayloadDigest that is not the SHA-256 of the payload. */
        DIGEST_MISMATCH,
        /** A payload that is not the JSON (or binary layout) its payload type prescribes. */
        BAD_PAYLOAD,
        /** An encrypted payload that fails authentication or is too short to hold nonce and tag. */
        DECRYPTION_FAILED,
        /** A smux frame with a version the session does not speak. */
        BAD_VERSION,
        /** A smux frame with an unknown command, or a command that is not valid in this state. */
        BAD_COMMAND,
        /** A structure larger than the configured maximum. */
        TOO_LARGE
    }

    public static DecodeError of(Kind kind, String detail) {
        return new DecodeError(kind, detail);
    }

    @Override
    public String toString() {
        return kind + ": " + detail;
    }
}
