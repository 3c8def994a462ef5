package dev.warden.protocol.channel;

/**
 * A snapshot of a {@link ReliableChannel}'s counters (since creation) and gauges (at the time of the snapshot),
 * for metrics and tests.
 *
 * @param messagesSent              stream messages written for the first time
 * @param messagesRetransmitted     stream messages written again (timeout or new transport)
 * @param bytesSent                 frame bytes of all stream-message writes, retransmissions included
 * @param messagesAcknowledged      own messages the peer acknowledged
 * @param unknownAcknowledgements   acknowledgements for numbers not (or no longer) in the window
 * @param acknowledgementsSent      acknowledgements written, re-acknowledgements of duplicates included
 * @param messagesDelivered         received stream messages the listener accepted
 * @param bytesDelivered            payload bytes of those
 * @param duplicatesReceived        received stream messages already delivered or buffered (re-acknowledged)
 * @param outOfOrderBuffered        received stream messages stored ahead of the expected number
 * @param outOfOrderDropped         received stream messages ahead of the expected number that did not fit
 * @param notReadyRefusals          deliveries the listener answered with NOT_READY
 * @param invalidFrames             received frames dropped as malformed
 * @param unacknowledgedMessages    gauge: messages in the outgoing window
 * @param unacknowledgedBytes       gauge: frame bytes in the outgoing window
 * @param reorderBuffered           gauge: messages in the reorder buffer
 * @param smoothedRttNanos          gauge: SRTT
 * @param retransmissionTimeoutNanos gauge: current RTO, backoff included
 */
public record ChannelStats(
        long messagesSent,
        long messagesRetransmitted,
        long bytesSent,
        long messagesAcknowledged,
        long unknownAcknowledgements,
        long acknowledgementsSent,
        long messagesDelivered,
        long bytesDelivered,
        long duplicatesReceived,
        long outOfOrderBuffered,
        long outOfOrderDropped,
        long notReadyRefusals,
        long invalidFrames,
        int unacknowledgedMessages,
        long unacknowledgedBytes,
        int reorderBuffered,
        long smoothedRttNanos,
        long retransmissionTimeoutNanos) {
}
