package dev.warden.protocol.frame;

/** The MessageType strings of the data channel (client-protocol.md §4.1, agent-side.md §2.4). */
public final class MessageTypes {
    /** Client to agent stream data. */
    public static final String INPUT_STREAM_DATA = "input_stream_data";
    /** Agent to client stream data. */
    public static final String OUTPUT_STREAM_DATA = "output_stream_data";
    /** Acknowledgement of one stream message, in either direction. */
    public static final String ACKNOWLEDGE = "acknowledge";
    /** Sent by the service to end the session. */
    public static final String CHANNEL_CLOSED = "channel_closed";
    /** Sent by the service: the peer may publish again. */
    public static final String START_PUBLICATION = "start_publication";
    /** Sent by the service: the peer should stop publishing (keep numbering and buffering). */
    public static final String PAUSE_PUBLICATION = "pause_publication";
    /** Sent by the agent to the service only; never forwarded to a client. */
    public static final String AGENT_SESSION_STATE = "agent_session_state";

    private MessageTypes() {
    }

    /** True for the two publication-control messages, which carry no payload and skip validation. */
    public static boolean isPublicationControl(String messageType) {
        return START_PUBLICATION.equals(messageType) || PAUSE_PUBLICATION.equals(messageType);
    }
}
