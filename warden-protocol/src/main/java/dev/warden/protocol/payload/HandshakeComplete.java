package dev.warden.protocol.payload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.PayloadType;

import java.time.Duration;
import java.util.Objects;

/**
 * The HandshakeComplete payload (PayloadType 7, agent to client):
 * {@code {"HandshakeTimeToComplete":<int64 nanoseconds>,"CustomerMessage":"<text>"}}
 * (client-protocol.md §5.4). The time is a Go {@code time.Duration}, so nanoseconds, not milliseconds. A
 * non-empty customer message is shown to the user.
 *
 * @param timeToCompleteNanos how long the handshake took on the agent, in nanoseconds
 * @param customerMessage     text for the user; empty for none
 */
public record HandshakeComplete(long timeToCompleteNanos, String customerMessage) implements StreamPayload {

    public HandshakeComplete {
        Objects.requireNonNull(customerMessage, "customerMessage");
    }

    /**
     * A payload for a measured duration.
     *
     * @throws ArithmeticException for durations beyond the int64 nanoseconds of a Go duration (about 292 years)
     */
    public static HandshakeComplete of(Duration timeToComplete, String customerMessage) {
        return new HandshakeComplete(timeToComplete.toNanos(), customerMessage);
    }

    public Duration timeToComplete() {
        return Duration.ofNanos(timeToCompleteNanos);
    }

    @Override
    public PayloadType payloadType() {
        return PayloadType.HANDSHAKE_COMPLETE;
    }

    @Override
    public byte[] encode() {
        ObjectNode json = PayloadJson.mapper().createObjectNode();
        json.put("HandshakeTimeToComplete", timeToCompleteNanos);
        json.put("CustomerMessage", customerMessage);
        return PayloadJson.write(json);
    }

    public static Decoding<HandshakeComplete> decode(byte[] payload) {
        try {
            JsonMembers members = JsonMembers.parse(payload, "HandshakeComplete payload");
            return Decoding.ok(new HandshakeComplete(
                    members.requiredInt64("HandshakeTimeToComplete"),
                    members.requiredString("CustomerMessage")));
        } catch (MalformedPayload e) {
            return e.toDecoding();
        }
    }
}
