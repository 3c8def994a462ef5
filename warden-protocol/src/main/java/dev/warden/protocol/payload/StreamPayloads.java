package dev.warden.protocol.payload;

import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.PayloadType;

import java.util.Objects;

/** Decodes a stream message's (plaintext) payload into the type its PayloadType prescribes. */
public final class StreamPayloads {

    private StreamPayloads() {
    }

    /**
     * The payload as a typed value. Output, StdErr, Error, Parameter and the PayloadType 0 carry raw bytes
     * ({@link StreamBytes}); every other type is decoded from its JSON or binary layout.
     */
    public static Decoding<? extends StreamPayload> decode(PayloadType type, byte[] payload) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        switch (type) {
            case SIZE:
                return TerminalSize.decode(payload);
            case FLAG:
                return PortFlag.decode(payload);
            case EXIT_CODE:
                return ExitCode.decode(payload);
            case HANDSHAKE_REQUEST:
                return HandshakeRequest.decode(payload);
            case HANDSHAKE_RESPONSE:
                return HandshakeResponse.decode(payload);
            case HANDSHAKE_COMPLETE:
                return HandshakeComplete.decode(payload);
            case ENC_CHALLENGE_REQUEST:
                return EncChallengeRequest.decode(payload);
            case ENC_CHALLENGE_RESPONSE:
                return EncChallengeResponse.decode(payload);
            default:
                return Decoding.ok(new StreamBytes(type, payload));
        }
    }
}
