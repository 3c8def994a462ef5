package dev.warden.protocol.smux;

import io.netty.buffer.ByteBuf;

/**
 * Where an {@link SmuxSession} sends its bytes, and how it signals back-pressure to whatever feeds it.
 * In Warden this is the data channel's Output stream; in tests, an in-memory link. Called only on the
 * session's thread, from inside the session's methods.
 */
public interface SmuxTransport {

    /**
     * Sends one encoded frame (smux writes exactly one frame per write). Takes ownership of {@code frame}.
     * Must not call back into the session synchronously.
     */
    void write(ByteBuf frame);

    /** Called after a burst of writes, when the session is about to return to its caller. */
    default void flush() {
    }

    /**
     * Whether the transport takes more stream data now. While it does not, the session queues data
     * frames in their streams (control frames are small and are always written) until
     * {@link SmuxSession#onTransportWritable()} is called.
     */
    boolean isWritable();

    /**
     * The session's receive buffer is full ({@code true}) or has room again ({@code false}). While paused
     * the transport should stop delivering inbound bytes (a Netty channel: turn auto-read off), exactly
     * as smux stops reading its connection. Bytes delivered anyway are held unparsed up to
     * {@link SmuxConfig#maxBufferedInput()}. Un-pausing is signalled once the session has parsed what it
     * held back.
     */
    void setInboundPaused(boolean paused);
}
