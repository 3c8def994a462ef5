package dev.warden.client.shell;

import dev.warden.client.SessionEnd;
import dev.warden.client.SessionHandle;
import dev.warden.client.io.CallerStreams;
import dev.warden.client.session.SessionChannel;
import dev.warden.protocol.payload.TerminalSize;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A shell (or command) session as a Java caller sees it. Thread-safe: methods may be called from any thread.
 *
 * <ul>
 *   <li>Output: the listener given when the session starts, or a replacement through
 *       {@link #listener(ShellListener)}.</li>
 *   <li>Input: {@link #send(byte[])} or {@link #input()}; each write is one message (one key press from a
 *       terminal reader); a write that is exactly one LF goes out as CR, as the official client does for keyboard
 *       input. Writes block only when a large amount is already waiting for the data channel.</li>
 *   <li>Terminal size: {@link #resize(int, int)}; repeated equal sizes are sent once.</li>
 *   <li>The end: {@link #completion()}; a command's exit code arrives at {@link ShellListener#onExitCode} first.</li>
 * </ul>
 */
public final class ShellSession implements SessionHandle {

    private final SessionChannel channel;
    private final ShellHandler handler;

    ShellSession(SessionChannel channel, ShellHandler handler) {
        this.channel = channel;
        this.handler = handler;
    }

    /** Sets (or replaces) the output listener; output the agent sent meanwhile is delivered once it is set. */
    public void listener(ShellListener listener) {
        Objects.requireNonNull(listener, "listener");
        channel.eventLoop().execute(() -> handler.listener(listener));
    }

    /** Sends keyboard input (see the class comment). */
    public void send(byte[] keys) {
        try {
            handler.input().write(keys, 0, keys.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keyboard input as a stream; closing it closes the session once the input is delivered. */
    public OutputStream input() {
        return CallerStreams.output(handler.input(), handler.input()::close);
    }

    /** Sends the terminal size, if it changed. */
    public void resize(int cols, int rows) {
        TerminalSize size = new TerminalSize(cols, rows);
        channel.eventLoop().execute(() -> handler.resize(size));
    }

    @Override
    public String sessionId() {
        return channel.sessionId();
    }

    /** The agent's version; empty for a shell without handshake. */
    @Override
    public String agentVersion() {
        return channel.agentVersion();
    }

    @Override
    public CompletableFuture<SessionEnd> completion() {
        return channel.completion();
    }

    @Override
    public void close() {
        channel.eventLoop().execute(channel::closeGracefully);
    }

    @Override
    public CompletableFuture<Void> terminate() {
        return channel.terminate();
    }
}
