package dev.warden.protocol.channel;

import dev.warden.protocol.DecodeError;
import dev.warden.protocol.frame.ClientMessage;

import java.time.Duration;

/**
 * What a {@link ReliableChannel} tells its owner. Called on the channel's thread, from inside the engine call that
 * caused the event; a callback may call back into the channel (send, signal readiness, close). An exception thrown
 * by a callback propagates to the caller of the engine method; the engine's state stays consistent (a message
 * whose delivery threw counts as not delivered and is not acknowledged).
 */
public interface ChannelListener {

    /** The answer to a delivered stream message. */
    enum Delivery {
        /** Processed; the channel acknowledges it and moves on to the next sequence number. */
        ACCEPTED,
        /**
         * Cannot be processed yet (for example: the session handler or the local connection is not set up). The
         * channel does not acknowledge it, so the peer retransmits it (client-protocol.md §4.4, agent-side.md
         * §3.2). Messages that were already acknowledged and buffered out of order stay buffered; call
         * {@link ReliableChannel#readyToReceive()} once ready, or they wait until the next message arrives.
         */
        NOT_READY
    }

    /**
     * The next stream message in sequence, of the type this end receives. Each sequence number is accepted exactly
     * once, in order. The payload is as on the wire (still encrypted when KMS encryption is on).
     */
    Delivery onStreamMessage(ClientMessage message);

    /**
     * A well-formed frame that is neither stream data for this end, nor an acknowledgement, nor publication
     * control: {@code channel_closed}, {@code agent_session_state}, unknown types. Passed on as received, never
     * acknowledged.
     */
    default void onServiceMessage(ClientMessage message) {
    }

    /** The channel takes messages again after {@link ReliableChannel#trySend} refused one. */
    default void onWritable() {
    }

    /**
     * A received frame was dropped without acknowledgement because it is malformed (it failed frame decoding, or it
     * is an acknowledgement whose payload is not valid). The error never quotes the input.
     */
    default void onInvalidFrame(DecodeError error) {
    }

    /**
     * The message {@code sequenceNumber} stayed unacknowledged longer than
     * {@link ChannelConfig#giveUpAfter()}; the channel has closed itself. The official client terminates the
     * session at this point.
     */
    default void onGiveUp(long sequenceNumber, Duration unacknowledgedFor) {
    }
}
