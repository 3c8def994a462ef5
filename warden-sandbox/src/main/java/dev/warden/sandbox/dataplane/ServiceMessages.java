package dev.warden.sandbox.dataplane;

import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.Flags;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.ChannelClosed;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The frames the service itself writes on a data channel (client-protocol.md §3.3, §8): {@code channel_closed},
 * which ends the session for the client, and the publication controls, which the client ignores and the agent
 * honours. Each call builds a fresh frame with a new MessageId.
 */
public final class ServiceMessages {

    /** {@code CreatedDate} inside channel_closed: a string, with milliseconds, as the service writes it. */
    private static final DateTimeFormatter CREATED_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ServiceMessages() {
    }

    /**
     * {@code channel_closed} for {@code sessionId} on {@code target}: the client prints {@code output}, or
     * "Exiting session" when it is empty, and exits. Sequence number 0, flags SYN|FIN, payload type 0, as recorded.
     */
    public static byte[] channelClosed(String sessionId, String target, String output, Instant now) {
        UUID messageId = UUID.randomUUID();
        ChannelClosed payload = new ChannelClosed(messageId.toString(), CREATED_DATE.format(now), target, sessionId,
                MessageTypes.CHANNEL_CLOSED, ClientMessage.SCHEMA_VERSION, output);
        return FrameCodec.encodeToArray(new ClientMessage(MessageTypes.CHANNEL_CLOSED, ClientMessage.SCHEMA_VERSION,
                now.toEpochMilli(), 0, Flags.SYN_FIN, UUID.randomUUID(), PayloadType.NONE.code(), payload.encode()));
    }

    /** {@code pause_publication}: the agent stops writing (numbering and buffering go on). */
    public static byte[] pausePublication(Instant now) {
        return publicationControl(MessageTypes.PAUSE_PUBLICATION, now);
    }

    /** {@code start_publication}: the agent writes again. */
    public static byte[] startPublication(Instant now) {
        return publicationControl(MessageTypes.START_PUBLICATION, now);
    }

    private static byte[] publicationControl(String type, Instant now) {
        // Flags 0 and an empty payload, as in the shared frame vectors.
        return FrameCodec.encodeToArray(new ClientMessage(type, ClientMessage.SCHEMA_VERSION, now.toEpochMilli(), 0,
                0, UUID.randomUUID(), PayloadType.NONE.code(), new byte[0]));
    }
}
