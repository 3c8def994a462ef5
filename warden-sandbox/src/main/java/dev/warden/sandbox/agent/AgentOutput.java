package dev.warden.sandbox.agent;

import dev.warden.protocol.channel.ReliableChannel;
import dev.warden.protocol.crypto.SessionCipher;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.StreamPayload;
import java.util.Objects;

/**
 * What the agent sends to the client, as typed stream messages: it encrypts Output, StdErr and ExitCode once the
 * KMS handshake has set a cipher (agent-side.md §3.1, §8), and otherwise hands payloads to the engine unchanged.
 * Confined to the session's event loop.
 */
public final class AgentOutput {

    private final ReliableChannel channel;
    private final ChannelTimer timer;
    private final int payloadSize;
    private SessionCipher cipher;

    AgentOutput(ReliableChannel channel, ChannelTimer timer, int payloadSize) {
        this.channel = channel;
        this.timer = timer;
        this.payloadSize = payloadSize;
    }

    /**
     * Sends one stream message, or refuses it while the engine's window is full (then wait for the plugin's
     * {@code onChannelWritable}). Empty payloads are never sent, as by the agent, and count as sent.
     */
    public boolean trySend(PayloadType type, byte[] plaintext) {
        Objects.requireNonNull(type, "type");
        if (plaintext.length == 0) {
            return true;
        }
        byte[] wire = cipher != null && cipher.encryptsOutgoing(type.code()) ? cipher.encrypt(plaintext) : plaintext;
        boolean accepted = channel.trySend(type, wire);
        timer.rescheduleSoon();
        return accepted;
    }

    /** Sends a typed payload (handshake messages, flags, exit codes). */
    public boolean trySend(StreamPayload payload) {
        return trySend(payload.payloadType(), payload.encode());
    }

    /** Whether {@link #trySend} takes a message now. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    /** The largest Output payload the agent sends. */
    public int payloadSize() {
        return payloadSize;
    }

    /** Whether payloads are encrypted. */
    public boolean isEncrypted() {
        return cipher != null;
    }

    void encryptWith(SessionCipher sessionCipher) {
        this.cipher = Objects.requireNonNull(sessionCipher, "sessionCipher");
    }
}
