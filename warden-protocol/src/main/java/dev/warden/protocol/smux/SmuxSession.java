package dev.warden.protocol.smux;

import dev.warden.protocol.Decoding;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * An smux session (xtaci/smux 1.5.x, wire compatible) over a byte stream it does not own.
 *
 * <h2>Event-driven, one thread, no clock of its own</h2>
 * The session has no threads, timers or sockets. Its owner feeds it inbound bytes ({@link #onInbound}),
 * tells it when the transport can take data again ({@link #onTransportWritable}) or has ended
 * ({@link #onTransportClosed}), and drives time by calling {@link #onTick} at
 * {@link #nextDeadlineNanos()}. Outbound frames go to the {@link SmuxTransport}. The session and its
 * streams are not thread-safe: every method, including those of {@link SmuxStream}, must be called on one
 * thread (in Warden, the Netty event loop of the data channel), and every listener is called on it.
 * Listeners may call back into the session and its streams.
 *
 * <p>The one piece of work the session defers goes to the executor it is given, which must run tasks
 * later on that same thread (a Netty {@code EventLoop}): parsing input held back while the receive
 * buffer was full. Reading or closing a stream frees buffer space, and parsing right there would run
 * listeners (such as {@link SmuxStreamListener#onFinReceived}) inside {@link SmuxStream#read()} before its
 * caller has handled the data it is reading.
 *
 * <h2>Back-pressure</h2>
 * <ul>
 *   <li>Inbound, both versions: unread stream data is charged to a receive budget of
 *       {@link SmuxConfig#maxReceiveBuffer()} bytes. While it is used up the session parses no more frames
 *       and asks the transport to pause ({@link SmuxTransport#setInboundPaused}); reading or closing
 *       streams resumes it. This is smux's token bucket, and the only inbound limit of version 1.</li>
 *   <li>Inbound, version 2: streams grant the peer a window through UPD frames as they are read.</li>
 *   <li>Outbound: data frames are sent only while {@link SmuxTransport#isWritable()}, and in version 2 only
 *       within the peer's window. What cannot be sent waits in its stream; streams report it through
 *       {@link SmuxStream#isWritable()}. Streams with data take turns, one frame each.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * A malformed frame or a protocol violation closes the session with a {@link SmuxCloseReason}; nothing is
 * thrown from {@link #onInbound}. Closing the session closes every stream without sending FINs, as smux
 * does; the owner then closes the transport.
 */
public final class SmuxSession {

    /** Which end of the session this is; it decides the parity of stream ids this side opens. */
    public enum Role {
        /** Opens odd stream ids from 3: the Session Manager client (plugin). */
        CLIENT,
        /** Opens even stream ids from 2: the agent. */
        SERVER
    }

    private final Role role;
    private final SmuxConfig config;
    private final SmuxTransport transport;
    private final SmuxSessionListener listener;
    private final ByteBufAllocator allocator;
    private final Executor executor;
    private final SmuxFrameDecoder decoder;
    private final StreamIdAllocator ids;
    /** Null when keep-alive is off. */
    private final KeepAliveTimer keepAlive;

    private final Map<Integer, SmuxStream> streams = new HashMap<>();
    private final ArrayDeque<SmuxStream> sendQueue = new ArrayDeque<>();

    /** smux's token bucket: receive buffer space left; may go negative by at most one frame. */
    private long receiveBudget;
    private boolean inboundPaused;
    private boolean resumeScheduled;
    private boolean parsing;
    private boolean sending;
    /** Nesting depth of public entry points, so that the transport is flushed once, on the way out. */
    private int depth;
    private boolean flushNeeded;
    private SmuxCloseReason closeReason;

    /**
     * @param allocator where frame buffers come from
     * @param executor  runs deferred work later on the session's thread (the Netty event loop); see the
     *                  class comment
     * @param nowNanos  the current time on the clock later passed to {@link #onTick}; keep-alive periods
     *                  start here
     */
    public SmuxSession(Role role, SmuxConfig config, SmuxTransport transport, SmuxSessionListener listener,
                       ByteBufAllocator allocator, Executor executor, long nowNanos) {
        this.role = Objects.requireNonNull(role, "role");
        this.config = Objects.requireNonNull(config, "config");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.decoder = new SmuxFrameDecoder(config.version(), config.maxFrameSize(), allocator);
        this.ids = new StreamIdAllocator(role);
        this.keepAlive = config.keepAliveEnabled()
                ? new KeepAliveTimer(config.keepAliveInterval(), config.keepAliveTimeout(), nowNanos)
                : null;
        this.receiveBudget = config.maxReceiveBuffer();
    }

    /** A client session (streams 3, 5, 7, …) with Netty's default allocator. */
    public static SmuxSession client(SmuxConfig config, SmuxTransport transport, SmuxSessionListener listener,
                                     Executor eventLoop, long nowNanos) {
        return new SmuxSession(Role.CLIENT, config, transport, listener, ByteBufAllocator.DEFAULT, eventLoop, nowNanos);
    }

    /** A server session (streams 2, 4, 6, …) with Netty's default allocator. */
    public static SmuxSession server(SmuxConfig config, SmuxTransport transport, SmuxSessionListener listener,
                                     Executor eventLoop, long nowNanos) {
        return new SmuxSession(Role.SERVER, config, transport, listener, ByteBufAllocator.DEFAULT, eventLoop, nowNanos);
    }

    public Role role() {
        return role;
    }

    public SmuxConfig config() {
        return config;
    }

    public boolean isClosed() {
        return closeReason != null;
    }

    /** Why the session closed; empty while it is open. */
    public Optional<SmuxCloseReason> closeReason() {
        return Optional.ofNullable(closeReason);
    }

    /** The streams known to the session (open, or closing with data still to send). */
    public List<SmuxStream> streams() {
        return List.copyOf(streams.values());
    }

    /** Received stream data not read yet, summed over all streams. */
    public long receiveBufferedBytes() {
        return config.maxReceiveBuffer() - receiveBudget;
    }

    /** Whether the session has asked the transport to stop delivering input. */
    public boolean isInboundPaused() {
        return inboundPaused;
    }

    /**
     * Opens a stream (SYN) with the next id of this side.
     *
     * @throws IllegalStateException when the session is closed or the stream ids are exhausted
     */
    public SmuxStream openStream() {
        if (isClosed()) {
            throw new IllegalStateException("smux session is closed (" + closeReason + ")");
        }
        enter();
        try {
            int id = ids.next(streams::containsKey);
            SmuxStream stream = new SmuxStream(this, id);
            streams.put(id, stream);
            writeControl(SmuxCommand.SYN, id);
            return stream;
        } finally {
            exit();
        }
    }

    /**
     * Feeds bytes received from the peer, in any split. Reads all readable bytes of {@code bytes}; the
     * caller keeps ownership of the buffer. Never throws for bad input: a protocol error closes the session.
     * Ignored once the session is closed.
     */
    public void onInbound(ByteBuf bytes) {
        if (isClosed()) {
            bytes.skipBytes(bytes.readableBytes());
            return;
        }
        enter();
        try {
            if (bytes.isReadable() && keepAlive != null) {
                keepAlive.markReceived();
            }
            decoder.feed(bytes);
            parse();
            if (!isClosed() && inboundPaused && decoder.bufferedBytes() > config.maxBufferedInput()) {
                closeWith(SmuxCloseReason.of(SmuxCloseReason.Kind.INPUT_OVERFLOW, decoder.bufferedBytes()
                        + " bytes of input arrived while the receive buffer was full and input was paused"));
            }
        } finally {
            exit();
        }
    }

    /** The transport can take data again: send what streams have queued. */
    public void onTransportWritable() {
        if (isClosed()) {
            return;
        }
        enter();
        try {
            sendData();
        } finally {
            exit();
        }
    }

    /** The underlying transport ended: close the session and every stream. */
    public void onTransportClosed() {
        enter();
        try {
            closeWith(SmuxCloseReason.of(SmuxCloseReason.Kind.TRANSPORT_CLOSED, "the transport closed"));
        } finally {
            exit();
        }
    }

    /** Closes the session and every stream (no FINs are sent, as in smux). Does nothing when already closed. */
    public void close() {
        enter();
        try {
            closeWith(SmuxCloseReason.of(SmuxCloseReason.Kind.LOCAL_CLOSE, "closed by the application"));
        } finally {
            exit();
        }
    }

    /**
     * Runs the timers due at {@code nowNanos}: keep-alive NOPs and the liveness check. Call it at (or after)
     * {@link #nextDeadlineNanos()}; calling it at other times is harmless.
     */
    public void onTick(long nowNanos) {
        if (isClosed() || keepAlive == null) {
            return;
        }
        enter();
        try {
            // As smux: a silent period is forgiven while the receive buffer is full, because then the
            // session itself has stopped reading.
            if (keepAlive.checkDue(nowNanos) && !keepAlive.takeReceived() && receiveBudget > 0) {
                closeWith(SmuxCloseReason.of(SmuxCloseReason.Kind.KEEPALIVE_TIMEOUT, "nothing received for "
                        + config.keepAliveTimeout().toMillis() + " ms"));
                return;
            }
            if (keepAlive.pingDue(nowNanos)) {
                writeControl(SmuxCommand.NOP, 0);
            }
        } finally {
            exit();
        }
    }

    /** When {@link #onTick} should next run, on the clock of {@code nowNanos}; {@link Long#MAX_VALUE} for never. */
    public long nextDeadlineNanos() {
        return isClosed() || keepAlive == null ? Long.MAX_VALUE : keepAlive.nextDeadline();
    }

    // ----- used by SmuxStream -----

    ByteBufAllocator allocator() {
        return allocator;
    }

    void enter() {
        depth++;
    }

    void exit() {
        if (--depth == 0 && flushNeeded) {
            flushNeeded = false;
            transport.flush();
        }
    }

    /** Puts {@code stream} in the send rotation and sends what can be sent. */
    void scheduleSend(SmuxStream stream) {
        enqueue(stream);
        sendData();
    }

    /** A buffer holding the header of a frame with {@code length} data bytes, to be completed and transmitted. */
    ByteBuf frameBuffer(SmuxCommand command, int streamId, int length) {
        ByteBuf frame = allocator.buffer(SmuxFrame.HEADER_LENGTH + length, SmuxFrame.HEADER_LENGTH + length);
        SmuxFrameEncoder.writeHeader(frame, config.version(), command, length, streamId);
        return frame;
    }

    void transmit(ByteBuf frame) {
        if (isClosed()) {
            frame.release();
            return;
        }
        flushNeeded = true;
        transport.write(frame);
    }

    void writeControl(SmuxCommand command, int streamId) {
        transmit(frameBuffer(command, streamId, 0));
    }

    void writeWindowUpdate(int streamId, int consumed, int window) {
        ByteBuf frame = frameBuffer(SmuxCommand.UPD, streamId, SmuxFrame.UPD_DATA_LENGTH);
        frame.writeIntLE(consumed).writeIntLE(window);
        transmit(frame);
    }

    /**
     * Receive buffer space freed by reading or dropping stream data. If the buffer was full, parsing
     * resumes in a task of its own (see the class comment); the transport is un-paused from there.
     */
    void returnReceiveBudget(int bytes) {
        if (bytes <= 0 || isClosed()) {
            return;
        }
        boolean wasFull = receiveBudget <= 0;
        receiveBudget += bytes;
        if (wasFull && receiveBudget > 0 && !resumeScheduled) {
            resumeScheduled = true;
            executor.execute(this::resumeInbound);
        }
    }

    /** Removes a stream whose FIN has been sent. */
    void forget(SmuxStream stream) {
        streams.remove(stream.id(), stream);
    }

    void protocolViolation(String detail) {
        closeWith(SmuxCloseReason.of(SmuxCloseReason.Kind.PROTOCOL_ERROR, detail));
    }

    /** Runs a listener callback; one that throws closes the session instead of unwinding the session's state. */
    void fire(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            closeWith(SmuxCloseReason.listenerFailed(e));
        }
    }

    // ----- internals -----

    /** The deferred continuation of {@link #returnReceiveBudget}: parses input held while the buffer was full. */
    private void resumeInbound() {
        resumeScheduled = false;
        if (isClosed()) {
            return;
        }
        enter();
        try {
            parse();
        } finally {
            exit();
        }
    }

    /** Handles complete frames while receive buffer space is left. */
    private void parse() {
        if (parsing) {
            return; // the loop below is running further up the call stack and re-checks the budget
        }
        parsing = true;
        try {
            while (!isClosed() && receiveBudget > 0) {
                Decoding<SmuxFrame> next = decoder.poll();
                if (next == null) {
                    break;
                }
                if (next instanceof Decoding.Failed<SmuxFrame> failed) {
                    closeWith(SmuxCloseReason.malformed(failed.error()));
                    break;
                }
                handle(next.value());
            }
        } finally {
            parsing = false;
        }
        updateInboundPause();
    }

    private void handle(SmuxFrame frame) {
        SmuxStream stream = streams.get(frame.streamId());
        switch (frame.command()) {
            case NOP -> {
                // Keep-alive only: receiving it was the point.
            }
            case SYN -> {
                if (stream == null) {
                    accept(frame.streamId());
                }
            }
            case FIN -> {
                if (stream != null) {
                    stream.onFin();
                }
            }
            case PSH -> {
                // Data for an unknown or locally closed stream is dropped, as smux does.
                if (stream != null && stream.acceptsData() && frame.length() > 0) {
                    receiveBudget -= frame.length();
                    stream.onData(frame.data());
                    return; // the stream owns the data now
                }
            }
            case UPD -> {
                if (stream != null) {
                    ByteBuf data = frame.data();
                    stream.onWindowUpdate(data.getIntLE(data.readerIndex()), data.getIntLE(data.readerIndex() + 4));
                }
            }
        }
        frame.release();
    }

    private void accept(int id) {
        SmuxStream stream = new SmuxStream(this, id);
        streams.put(id, stream);
        fire(() -> listener.onStreamAccepted(stream));
    }

    private void enqueue(SmuxStream stream) {
        if (!stream.queuedForSend) {
            stream.queuedForSend = true;
            sendQueue.add(stream);
        }
    }

    /** Sends queued data round-robin, one frame per stream per turn, while the transport is writable. */
    private void sendData() {
        if (sending) {
            return; // the loop below is running further up the call stack and sees newly queued streams
        }
        sending = true;
        try {
            while (!isClosed() && !sendQueue.isEmpty() && transport.isWritable()) {
                SmuxStream stream = sendQueue.poll();
                stream.queuedForSend = false;
                if (stream.sendOneFrame()) {
                    enqueue(stream);
                }
            }
        } finally {
            sending = false;
        }
    }

    private void updateInboundPause() {
        boolean pause = !isClosed() && receiveBudget <= 0;
        if (pause != inboundPaused) {
            inboundPaused = pause;
            transport.setInboundPaused(pause);
        }
    }

    private void closeWith(SmuxCloseReason reason) {
        if (closeReason != null) {
            return;
        }
        closeReason = reason;
        sendQueue.clear();
        decoder.close();
        List<SmuxStream> all = new ArrayList<>(streams.values());
        streams.clear();
        for (SmuxStream stream : all) {
            stream.terminate();
        }
        // A throwing onSessionClosed cannot close the session a second time; fire() swallows it by design.
        fire(() -> listener.onSessionClosed(reason));
    }
}
