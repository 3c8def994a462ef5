package dev.warden.protocol.payload;

import dev.warden.protocol.frame.PayloadType;

/**
 * The payload of a stream message ({@code input_stream_data} / {@code output_stream_data}) as a typed value.
 * {@link #encode()} gives the exact bytes the official peers write; each type's {@code decode} reads them
 * back. {@link StreamPayloads#decode} picks the type from the frame's PayloadType.
 *
 * <p>These are the plaintext forms: encryption of Output, StdErr and ExitCode happens around them
 * ({@code dev.warden.protocol.crypto.SessionCipher}).
 */
public sealed interface StreamPayload
        permits StreamBytes, TerminalSize, PortFlag, ExitCode, HandshakeRequest, HandshakeResponse,
        HandshakeComplete, EncChallengeRequest, EncChallengeResponse {

    /** The PayloadType the frame carrying this payload has. */
    PayloadType payloadType();

    /** The payload bytes as the official peers write them. */
    byte[] encode();
}
