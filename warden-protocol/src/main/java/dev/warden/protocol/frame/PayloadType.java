package dev.warden.protocol.frame;

import java.util.Optional;

/** The PayloadType field of a ClientMessage (client-protocol.md §4.2). */
public enum PayloadType {
    /** Used by acknowledge and service messages. */
    NONE(0),
    /** Raw stream bytes; the only type encrypted by the client. */
    OUTPUT(1),
    ERROR(2),
    /** Terminal size JSON, client to agent. */
    SIZE(3),
    PARAMETER(4),
    HANDSHAKE_REQUEST(5),
    HANDSHAKE_RESPONSE(6),
    HANDSHAKE_COMPLETE(7),
    ENC_CHALLENGE_REQUEST(8),
    ENC_CHALLENGE_RESPONSE(9),
    /** A 4-byte big-endian flag value, see {@code dev.warden.protocol.payload.PortFlag}. */
    FLAG(10),
    STDERR(11),
    EXIT_CODE(12);

    private static final PayloadType[] BY_CODE = values();

    private final int code;

    PayloadType(int code) {
        this.code = code;
    }

    /** The value on the wire. */
    public int code() {
        return code;
    }

    /** The type for a wire value, or empty for values no peer defines. */
    public static Optional<PayloadType> fromCode(int code) {
        if (code >= 0 && code < BY_CODE.length) {
            return Optional.of(BY_CODE[code]);
        }
        return Optional.empty();
    }
}
