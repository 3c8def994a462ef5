package dev.warden.protocol.payload;

import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.Decoding;

/**
 * Thrown inside a payload decoder when the input is not what its type prescribes, and turned into a
 * {@link Decoding.Failed} before the decoder returns; it never escapes this package. The detail names fields
 * and expectations, never input values, which may be secrets.
 */
final class MalformedPayload extends Exception {

    private static final long serialVersionUID = 1L;

    private final Kind kind;

    MalformedPayload(Kind kind, String detail) {
        // No stack trace: this is an expected outcome for untrusted input, not a bug.
        super(detail, null, false, false);
        this.kind = kind;
    }

    MalformedPayload(String detail) {
        this(Kind.BAD_PAYLOAD, detail);
    }

    <T> Decoding<T> toDecoding() {
        return Decoding.failed(kind, getMessage());
    }
}
