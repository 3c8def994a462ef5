package dev.warden.sandbox.agent;

import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.frame.PayloadType;

/**
 * What a session runs once the handshake is done (or skipped): the agent's session plugins Port,
 * Standard_Stream, InteractiveCommands and NonInteractiveCommands. Every method is called on the session's event
 * loop; a plugin does its blocking work elsewhere and comes back to the loop.
 */
public interface SessionPlugin {

    /** Starts the plugin: dial the destination, start the shell. */
    void start();

    /**
     * A client payload, in sequence and decrypted. {@link Delivery#NOT_READY} leaves it unacknowledged, so the
     * client sends it again: the agent's answer while its handler is not ready (agent-side.md §3.2).
     */
    Delivery onInput(PayloadType type, byte[] payload);

    /** The channel takes messages again after refusing one. */
    default void onChannelWritable() {
    }

    /** The session is over (cancelled by the service, or ended by the plugin itself): release everything. */
    void stop();
}
