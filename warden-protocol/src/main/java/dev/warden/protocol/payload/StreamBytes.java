package dev.warden.protocol.payload;

import dev.warden.protocol.frame.PayloadType;

import java.util.Arrays;
import java.util.Objects;

/**
 * A payload that is raw bytes with no structure of its own: Output (keyboard input, shell output, port
 * data), StdErr, and the defined-but-unused Error and Parameter types.
 *
 * @param payloadType the type of the frame carrying the bytes
 * @param bytes       the bytes, copied in and out
 */
public record StreamBytes(PayloadType payloadType, byte[] bytes) implements StreamPayload {

    public StreamBytes {
        Objects.requireNonNull(payloadType, "payloadType");
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public byte[] encode() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamBytes other && payloadType == other.payloadType && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * payloadType.hashCode() + Arrays.hashCode(bytes);
    }

    /** Summarised by length: the bytes are user data. */
    @Override
    public String toString() {
        return "StreamBytes[" + payloadType + ", " + bytes.length + " bytes]";
    }
}
