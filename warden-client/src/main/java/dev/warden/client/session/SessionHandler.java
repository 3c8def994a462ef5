package dev.warden.client.session;

import dev.warden.client.SessionEnd;
import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.PortFlag;

/**
 * The session-type part of a session (shell, or one of the port modes): what to do with stream data and flags
 * from the agent. Called on the session's event loop.
 */
public interface SessionHandler {

    /**
     * Output, StdErr or ExitCode from the agent, decrypted. {@link Delivery#NOT_READY} when it cannot be taken yet
     * (no consumer attached): it is not acknowledged and the agent sends it again.
     */
    Delivery onData(PayloadType type, byte[] plaintext);

    /** A Flag from the agent. */
    default void onFlag(PortFlag flag) {
    }

    /**
     * Whether the handler wants more data now. While false the session stops reading its websocket: a slow
     * local consumer holds back the remote sender instead of filling memory.
     */
    default boolean wantsInput() {
        return true;
    }

    /** The channel takes Output again after refusing it. */
    default void onWritable() {
    }

    /** Whether the handler still holds data to send (a graceful close waits for it). */
    default boolean hasPendingOutput() {
        return false;
    }

    /** The session ended; release local resources. */
    default void onEnd(SessionEnd end) {
    }
}
