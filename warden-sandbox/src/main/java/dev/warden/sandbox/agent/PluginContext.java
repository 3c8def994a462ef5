package dev.warden.sandbox.agent;

import dev.warden.protocol.channel.ReliableChannel;
import io.netty.channel.EventLoop;

/**
 * What a session plugin may use and do. Every method must be called on the session's event loop.
 */
public interface PluginContext {

    /** The session as the agent was told about it. */
    AgentSessionSpec spec();

    /** The client's version from the HandshakeResponse (drives the agent's version gates); null without one. */
    String clientVersion();

    /** The session's event loop: plugins register their sockets on it, so no handler ever changes threads. */
    EventLoop eventLoop();

    /** Typed, encrypting output to the client. */
    AgentOutput output();

    /** The engine itself, for the byte-stream bridges of port sessions (never encrypted). */
    ReliableChannel channel();

    /** The plugin used the engine outside a call from the session (e.g. from a socket handler). */
    void channelUsed();

    /** The session's program ended normally; the agent drains its output and reports success. */
    void sessionEnded();

    /** The session failed; the client is shown {@code output} (see {@link AgentTexts}). */
    void sessionFailed(String output);
}
