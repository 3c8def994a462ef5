package dev.warden.protocol.channel;

import dev.warden.protocol.frame.Flags;
import dev.warden.protocol.frame.MessageTypes;

/**
 * Which end of the data channel an engine plays. The reliability rules are the same for both ends; only the
 * message types and the flags of outgoing stream messages differ (client-protocol.md §3.3).
 */
public enum ChannelRole {

    /** The Session Manager client: sends {@code input_stream_data}, receives {@code output_stream_data}. */
    CLIENT(MessageTypes.INPUT_STREAM_DATA, MessageTypes.OUTPUT_STREAM_DATA, false),

    /** The agent (emulated in the sandbox): sends {@code output_stream_data}, receives {@code input_stream_data}. */
    AGENT(MessageTypes.OUTPUT_STREAM_DATA, MessageTypes.INPUT_STREAM_DATA, true);

    private final String outgoingMessageType;
    private final String incomingMessageType;
    private final boolean marksFirstMessage;

    ChannelRole(String outgoingMessageType, String incomingMessageType, boolean marksFirstMessage) {
        this.outgoingMessageType = outgoingMessageType;
        this.incomingMessageType = incomingMessageType;
        this.marksFirstMessage = marksFirstMessage;
    }

    /** The MessageType of the stream messages this end sends. */
    public String outgoingMessageType() {
        return outgoingMessageType;
    }

    /** The MessageType of the stream messages this end receives. */
    public String incomingMessageType() {
        return incomingMessageType;
    }

    /**
     * The Flags of the outgoing stream message numbered {@code sequenceNumber}: the agent sets SYN on its first
     * message (agent-side.md §3.1), the client never sets a flag.
     */
    public long flagsFor(long sequenceNumber) {
        return marksFirstMessage && sequenceNumber == 0 ? Flags.SYN : 0L;
    }
}
