package dev.warden.protocol.payload;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.Flags;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;

import java.io.IOException;
import java.util.Objects;
import java.util.UUID;

/**
 * The payload of an {@code acknowledge} message (client-protocol.md §4.5, agent-side.md §2.4):
 *
 * <pre>{"AcknowledgedMessageType":"output_stream_data","AcknowledgedMessageId":"49eb289e-…","AcknowledgedMessageSequenceNumber":0,"IsSequentialMessage":true}</pre>
 *
 * <p>Both official peers write exactly these four keys in this order without spaces, and the frame's
 * digest covers those bytes, so the property order below is part of the wire format.
 *
 * <p>Both peers match a received acknowledgement against their outgoing buffer by
 * {@link #acknowledgedSequenceNumber()} only; type and id are informational. Reading is therefore
 * lenient about them (any string, missing means empty, as Go's decoder does) and strict about the
 * sequence number: it must be present and a JSON integer that fits in 64 bits. The official client
 * treats a missing number as 0 and so acknowledges its first message by accident (acks.json,
 * "missing-sequence-field"); this decoder refuses such a payload instead.
 *
 * @param acknowledgedMessageType    the MessageType of the acknowledged frame
 * @param acknowledgedMessageId      the MessageId of the acknowledged frame in canonical lower-case text form;
 *                                   kept as text because received acks are not required to hold a valid UUID
 * @param acknowledgedSequenceNumber the SequenceNumber of the acknowledged frame
 * @param sequential                 always true when written by an official peer
 */
@JsonPropertyOrder({
        Acknowledgement.TYPE_KEY, Acknowledgement.ID_KEY, Acknowledgement.SEQUENCE_NUMBER_KEY,
        Acknowledgement.SEQUENTIAL_KEY})
public record Acknowledgement(
        @JsonProperty(TYPE_KEY) String acknowledgedMessageType,
        @JsonProperty(ID_KEY) String acknowledgedMessageId,
        @JsonProperty(value = SEQUENCE_NUMBER_KEY, required = true)
        @JsonDeserialize(using = StrictLongDeserializer.class) long acknowledgedSequenceNumber,
        @JsonProperty(SEQUENTIAL_KEY) boolean sequential) {

    static final String TYPE_KEY = "AcknowledgedMessageType";
    static final String ID_KEY = "AcknowledgedMessageId";
    static final String SEQUENCE_NUMBER_KEY = "AcknowledgedMessageSequenceNumber";
    static final String SEQUENTIAL_KEY = "IsSequentialMessage";

    public Acknowledgement {
        // Go decodes a missing or null string as "", and so does this record; the values are never matched on.
        acknowledgedMessageType = Objects.requireNonNullElse(acknowledgedMessageType, "");
        acknowledgedMessageId = Objects.requireNonNullElse(acknowledgedMessageId, "");
    }

    /** The acknowledgement an official peer sends for {@code acked}. */
    public static Acknowledgement of(ClientMessage acked) {
        // UUID.toString() is the lower-case hyphenated form both peers write.
        return new Acknowledgement(acked.messageType(), acked.messageId().toString(), acked.sequenceNumber(), true);
    }

    /** Parses an acknowledge payload; anything but the JSON described above is a BAD_PAYLOAD failure. */
    public static Decoding<Acknowledgement> decode(byte[] payload) {
        Acknowledgement canonical = AcknowledgementJson.read(payload);
        return canonical != null ? Decoding.ok(canonical) : PayloadJson.read(payload, Acknowledgement.class);
    }

    /** The payload bytes, exactly as the official peers write them. */
    public byte[] encode() {
        byte[] canonical = AcknowledgementJson.write(this);
        return canonical != null ? canonical : PayloadJson.write(this);
    }

    /**
     * The complete acknowledge message: sequence number 0 and flags SYN|FIN (acks are not part of the
     * numbered stream), payload type 0, a fresh random MessageId and the current time as CreatedDate.
     */
    public ClientMessage toMessage() {
        return toMessage(UUID.randomUUID(), System.currentTimeMillis());
    }

    /** As {@link #toMessage()} with the given MessageId and CreatedDate (milliseconds since the epoch). */
    public ClientMessage toMessage(UUID messageId, long createdDateMillis) {
        return new ClientMessage(MessageTypes.ACKNOWLEDGE, ClientMessage.SCHEMA_VERSION, createdDateMillis, 0L,
                Flags.SYN_FIN, messageId, PayloadType.NONE.code(), encode());
    }

    /**
     * Accepts only a JSON integer that fits in a long. Jackson would otherwise coerce the string "1" to 1,
     * and Go's decoder (whose behaviour the peers define) rejects that ack (acks.json, "sequence-as-string").
     */
    static final class StrictLongDeserializer extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                return (Long) context.handleUnexpectedToken(Long.class, parser);
            }
            // getLongValue() throws an InputCoercionException (an IOException) beyond the 64-bit range.
            return parser.getLongValue();
        }

        /** An explicit null is refused like a missing number, not read as 0. */
        @Override
        public Long getNullValue(DeserializationContext context) throws JsonMappingException {
            return (Long) context.reportInputMismatch(this, "sequence number is null");
        }
    }
}
