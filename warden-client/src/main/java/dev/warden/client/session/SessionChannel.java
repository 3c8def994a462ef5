package dev.warden.client.session;

import dev.warden.client.ClientOptions;
import dev.warden.client.SessionEnd;
import dev.warden.client.SessionListener;
import dev.warden.protocol.channel.ReliableChannel;
import dev.warden.protocol.payload.StreamPayload;
import io.netty.channel.EventLoop;

import java.util.concurrent.CompletableFuture;

/**
 * What a session-type handler (shell, port) may do with its session's data channel. Every method must be called
 * on {@link #eventLoop()}.
 */
public interface SessionChannel {

    EventLoop eventLoop();

    String sessionId();

    /** The agent's version from the HandshakeRequest; empty for a shell without handshake. */
    String agentVersion();

    ClientOptions options();

    SessionListener events();

    /**
     * The session's reliable channel, for byte streams carried in Output payloads
     * ({@link dev.warden.protocol.mux.ByteStreamOverChannel}, {@link dev.warden.protocol.mux.SmuxOverChannel}).
     * What goes through it directly is not encrypted, so only unencrypted sessions (every Port session) may use it;
     * the session keeps the engine's timer right after every write.
     */
    ReliableChannel engine();

    /** Whether KMS encryption is on for this session. */
    boolean isEncrypted();

    /** Completes when the session ends, with why. */
    CompletableFuture<SessionEnd> completion();

    /**
     * Ends the session through the TerminateSession API (credentials from the provider), then locally with
     * {@link SessionEnd.Reason#TERMINATED_BY_CLIENT}. Completes once the API answered; fails with its error.
     */
    CompletableFuture<Void> terminate();

    /** Whether {@link #sendOutput} would accept a message now. */
    boolean isWritable();

    /**
     * Sends one Output message ({@code plaintext} is encrypted first when the session is encrypted). Returns false,
     * sending nothing, while the channel is not writable; {@link SessionHandler#onWritable()} says when to retry.
     * The array is copied.
     */
    boolean sendOutput(byte[] plaintext);

    /**
     * Sends a small control payload (Size, Flag) in clear. Always accepted: while the channel is full it waits in
     * a short queue that goes before any further Output.
     */
    void sendControl(StreamPayload payload);

    /** The handler's {@link SessionHandler#wantsInput()} may have changed. */
    void inputDemandChanged();

    /** The handler became ready for data it refused with NOT_READY: deliver what is buffered. */
    void readyToReceive();

    /** Closes the session locally once what was sent is acknowledged (bounded by the close linger). */
    void closeGracefully();

    /** Ends the session now. */
    void end(SessionEnd end);

    /** Whether the session has ended. */
    boolean isEnded();
}
