package dev.warden.protocol.payload;

import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.PayloadType;

/**
 * The Flag payload (PayloadType 10, both directions): a 4-byte big-endian unsigned integer
 * (client-protocol.md §4.2, §6.4, §6.5; agent-side.md §4.3, §4.4).
 *
 * <p>Decoding is stricter than either official peer, which read the first four bytes of whatever arrives
 * (and the agent crashes on fewer): a payload of any other length, or a value no peer defines, is refused.
 */
public enum PortFlag implements StreamPayload {

    /** Client to agent, basic port forwarding: the local connection closed; close the destination one. */
    DISCONNECT_TO_PORT(1),
    /** Client to agent, port sessions: end the session (agents newer than 2.3.722.0). */
    TERMINATE_SESSION(2),
    /** Agent to client, multiplexed port forwarding: dialling the destination for a new stream failed. */
    CONNECT_TO_PORT_ERROR(3);

    /** Length of a flag payload. */
    public static final int LENGTH = 4;

    private final int code;

    PortFlag(int code) {
        this.code = code;
    }

    /** The value on the wire. */
    public int code() {
        return code;
    }

    @Override
    public PayloadType payloadType() {
        return PayloadType.FLAG;
    }

    @Override
    public byte[] encode() {
        return new byte[] {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code};
    }

    public static Decoding<PortFlag> decode(byte[] payload) {
        if (payload.length < LENGTH) {
            return Decoding.failed(Kind.TRUNCATED,
                    "Flag payload has " + payload.length + " bytes, expected " + LENGTH);
        }
        if (payload.length > LENGTH) {
            return Decoding.failed(Kind.BAD_PAYLOAD,
                    "Flag payload has " + payload.length + " bytes, expected " + LENGTH);
        }
        long value = ((payload[0] & 0xFFL) << 24) | ((payload[1] & 0xFF) << 16) | ((payload[2] & 0xFF) << 8)
                | (payload[3] & 0xFF);
        for (PortFlag flag : values()) {
            if (flag.code == value) {
                return Decoding.ok(flag);
            }
        }
        return Decoding.failed(Kind.BAD_PAYLOAD, "Flag payload holds the unknown value " + value);
    }
}
