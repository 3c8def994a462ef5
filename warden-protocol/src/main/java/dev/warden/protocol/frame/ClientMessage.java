package dev.warden.protocol.frame;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * One data-channel message: the 116-byte header fields plus the payload (client-protocol.md §3.1).
 * HeaderLength, PayloadDigest and PayloadLength are not stored: {@link FrameCodec} derives them when
 * encoding and checks them when decoding.
 *
 * <p>The payload array is owned by the message; callers must not modify it after construction.
 *
 * @param messageType    one of {@link MessageTypes}, or any other non-blank ASCII string
 * @param schemaVersion  an unsigned 32-bit value; every known sender writes 1
 * @param createdDate    milliseconds since the Unix epoch
 * @param sequenceNumber the stream counter of the sender; 0 for acknowledgements
 * @param flags          an unsigned 64-bit bit field, see {@link Flags}
 * @param messageId      the message's UUID, in canonical form (the wire swaps its halves)
 * @param payloadType    an unsigned 32-bit value, normally a {@link PayloadType} code
 * @param payload        the payload bytes as they appear on the wire (ciphertext when encrypted)
 */
public record ClientMessage(
        String messageType,
        int schemaVersion,
        long createdDate,
        long sequenceNumber,
        long flags,
        UUID messageId,
        int payloadType,
        byte[] payload) {

    /** The SchemaVersion every known sender writes. */
    public static final int SCHEMA_VERSION = 1;

    public ClientMessage {
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(payload, "payload");
    }

    /** A stream message ({@code input_stream_data} or {@code output_stream_data}) as peers send them. */
    public static ClientMessage stream(String messageType, long sequenceNumber, long flags, PayloadType payloadType,
                                       byte[] payload, long createdDate, UUID messageId) {
        return new ClientMessage(messageType, SCHEMA_VERSION, createdDate, sequenceNumber, flags, messageId,
                payloadType.code(), payload);
    }

    /** The payload type as an enum, or empty for codes no peer defines. */
    public java.util.Optional<PayloadType> knownPayloadType() {
        return PayloadType.fromCode(payloadType);
    }

    public boolean hasFlag(long flag) {
        return (flags & flag) == flag;
    }

    /** Total length on the wire. */
    public int encodedLength() {
        return FrameCodec.FIXED_LENGTH + payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientMessage m
                && schemaVersion == m.schemaVersion
                && createdDate == m.createdDate
                && sequenceNumber == m.sequenceNumber
                && flags == m.flags
                && payloadType == m.payloadType
                && messageType.equals(m.messageType)
                && messageId.equals(m.messageId)
                && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(messageType, schemaVersion, createdDate, sequenceNumber, flags, messageId, payloadType);
        return 31 * h + Arrays.hashCode(payload);
    }

    /** Describes the header; the payload is summarised by its length only, since it may be user data. */
    @Override
    public String toString() {
        return "ClientMessage[" + messageType + " seq=" + sequenceNumber + " flags=" + flags
                + " payloadType=" + payloadType + " payloadLength=" + payload.length + " id=" + messageId + "]";
    }
}
