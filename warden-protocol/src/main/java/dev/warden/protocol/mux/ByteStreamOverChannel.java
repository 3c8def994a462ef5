package dev.warden.protocol.mux;

import dev.warden.protocol.channel.ChannelListener;
import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.channel.ReliableChannel;
import dev.warden.protocol.frame.PayloadType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * A byte stream carried in the Output payloads (PayloadType 1) of a {@link ReliableChannel}, with back-pressure in
 * both directions and without losing or buffering without bound. It is the data path of basic port forwarding
 * and of standard-stream forwarding (SSH ProxyCommand, client-protocol.md §6.3, §6.4), and the transport under
 * {@link SmuxOverChannel} for multiplexed port forwarding.
 *
 * <h2>Outbound</h2>
 * {@link #write} queues bytes, {@link #flush()} ends a burst. Bytes go to {@link ReliableChannel#trySend} as
 * Output payloads of {@link OutputLimits#maxPayloadSize()} bytes as soon as a full chunk is there; a shorter
 * remainder goes on {@link #flush()}. Payload boundaries therefore do not follow write boundaries, which is what
 * every peer expects of a byte stream. While the channel's window is full, bytes wait here, in order, and
 * {@link #isWritable()} turns false once {@link OutputLimits#maxPendingBytes()} wait; when the channel takes
 * messages again ({@link #onChannelWritable()}) they go out and {@link Receiver#onWritable()} wakes the writer.
 * Nothing is ever dropped, so the bound is a contract with the writer, as with a Netty channel: a writer that
 * writes only while {@link #isWritable()} keeps {@link #pendingBytes()} below {@code maxPendingBytes} plus its
 * largest single write.
 *
 * <h2>Inbound</h2>
 * The owner's {@link ChannelListener} hands every received Output payload to {@link #onOutput}, which passes it
 * to the {@link Receiver} and answers {@link Delivery#ACCEPTED}. While the receiver has asked to pause
 * ({@link #setInboundPaused}) it answers {@link Delivery#NOT_READY} instead: the channel neither acknowledges nor
 * advances, so the peer keeps the message, and its window fills and stops its writer. This is
 * back-pressure through the protocol itself, as the official peers do for a handler that is not ready
 * (client-protocol.md §4.4, agent-side.md §3.2). Un-pausing schedules {@link ReliableChannel#readyToReceive()} on
 * the event loop, which offers the refused message again and delivers the messages the channel buffered
 * meanwhile; without it, the refused one would wait for the peer's timeout and those acknowledged ahead of it
 * would wait forever.
 *
 * <h2>What is not its business</h2>
 * Other payload types (Flag, Size, handshake, StdErr, ExitCode) and the channel's service messages stay with the
 * owner, whose listener delegates only Output. Payloads are passed as they are on the wire: this class does not
 * encrypt. That suits every session that uses it, since Port sessions never use KMS encryption (client-protocol.md
 * §5); an encrypted shell would decrypt before {@link #onOutput} and needs its own outbound path.
 *
 * <h2>Threading and wiring</h2>
 * No threads, no clock: like the channel, the object is confined to the channel's thread, and every method
 * (including the {@link Receiver}'s) runs there. The executor must run tasks later on that same thread (the
 * Netty event loop). Wiring, with the owner's listener created first because the channel needs it:
 * <pre>{@code
 * class Owner implements ChannelListener {
 *     ByteStreamOverChannel output;           // set right after the channel is built
 *
 *     public Delivery onStreamMessage(ClientMessage message) {
 *         if (message.payloadType() == PayloadType.OUTPUT.code()) {
 *             return output == null ? Delivery.NOT_READY : output.onOutput(message.payload());
 *         }
 *         return handleFlagOrOtherPayload(message);
 *     }
 *     public void onWritable() {
 *         if (output != null) output.onChannelWritable();
 *     }
 * }
 * Owner owner = new Owner();
 * ReliableChannel channel = new ReliableChannel(ChannelRole.CLIENT, config, owner);
 * owner.output = new ByteStreamOverChannel(channel, OutputLimits.defaults(), ctx.executor(), new Receiver() {
 *     public void onBytes(ByteBuf bytes) {
 *         local.write(bytes);                          // the local socket or stdout; takes ownership
 *         if (!local.isWritable()) owner.output.setInboundPaused(true);   // resume when it drains
 *     }
 *     public void onWritable() { local.config().setAutoRead(true); }
 * });
 * // local channelRead:  output.write(buf); if (!output.isWritable()) local.config().setAutoRead(false);
 * // local readComplete: output.flush();
 * }</pre>
 * The agent side is the same with {@link dev.warden.protocol.channel.ChannelRole#AGENT}.
 */
public final class ByteStreamOverChannel {

    /** Where received bytes go, and who is woken when the stream takes writes again. Called on the channel's thread. */
    public interface Receiver {

        /**
         * The bytes of the next received Output payload, in order, each byte exactly once. The receiver owns
         * {@code bytes} (release it or pass it on). It must take them all; to stop the next payloads, call
         * {@link ByteStreamOverChannel#setInboundPaused setInboundPaused(true)}, here or later.
         */
        void onBytes(ByteBuf bytes);

        /** {@link ByteStreamOverChannel#isWritable()} turned true again after it had turned false. */
        default void onWritable() {
        }
    }

    private final ReliableChannel channel;
    private final OutputLimits limits;
    private final Executor eventLoop;
    private final Receiver receiver;

    /** Bytes written and not yet taken by the channel, oldest first; each buffer is owned here. */
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private long pendingBytes;
    /** How many of the oldest pending bytes a flush has covered: they may go out in a chunk shorter than the maximum. */
    private long flushedBytes;
    /** Reused for full chunks: the channel copies every payload it takes. */
    private byte[] fullChunk;
    /** The stream reached its pending bound; the receiver is owed an {@link Receiver#onWritable()}. */
    private boolean unwritable;
    /** Inside {@link #write} or {@link #flush}: a wake-up found due there is deferred to the event loop. */
    private boolean inWriterCall;
    private boolean draining;

    private boolean inboundPaused;
    private boolean readySignalScheduled;
    private boolean closed;

    private long payloadsSent;
    private long payloadsReceived;
    private long notReadyAnswers;

    /**
     * @param channel   the engine to send through; the owner keeps driving it (attach, frames, timer)
     * @param limits    payload size and pending bound
     * @param eventLoop runs tasks later on the channel's thread
     * @param receiver  where received bytes go
     */
    public ByteStreamOverChannel(ReliableChannel channel, OutputLimits limits, Executor eventLoop, Receiver receiver) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.eventLoop = Objects.requireNonNull(eventLoop, "eventLoop");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    public OutputLimits limits() {
        return limits;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Outbound

    /**
     * Whether writing is welcome: fewer than {@link OutputLimits#maxPendingBytes()} bytes wait for the channel.
     * When this turns false, {@link Receiver#onWritable()} follows once they have drained below the bound.
     */
    public boolean isWritable() {
        return !closed && pendingBytes < limits.maxPendingBytes();
    }

    /**
     * Queues {@code data} and sends every full chunk the channel takes now. Never refuses an open stream and never
     * drops: respect {@link #isWritable()} to keep memory bounded. Takes ownership of {@code data}.
     *
     * @return false, with {@code data} released, once the stream is closed
     */
    public boolean write(ByteBuf data) {
        Objects.requireNonNull(data, "data");
        if (closed) {
            data.release();
            return false;
        }
        int n = data.readableBytes();
        if (n == 0) {
            data.release();
            return true;
        }
        pending.add(data);
        pendingBytes += n;
        drainForWriter();
        return true;
    }

    /** Ends a burst of writes: what is pending may now go out in a chunk shorter than the maximum. */
    public void flush() {
        if (closed) {
            return;
        }
        flushedBytes = pendingBytes;
        drainForWriter();
    }

    /** Call from the owner's {@link ChannelListener#onWritable()}: sends what waited and wakes the writer. */
    public void onChannelWritable() {
        if (closed) {
            return;
        }
        drain();
        updateWritability();
    }

    /** Bytes written and not yet taken by the channel. */
    public long pendingBytes() {
        return pendingBytes;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Inbound

    /**
     * Call from the owner's {@link ChannelListener#onStreamMessage} for every Output payload; return its answer to
     * the channel. Passes the payload to the {@link Receiver} and answers {@link Delivery#ACCEPTED}, or answers
     * {@link Delivery#NOT_READY} without looking at it while inbound is paused. After {@link #close()}, payloads
     * are accepted and discarded, as a closed smux session discards its input.
     *
     * @param payload the payload as received (plaintext); the array is not modified
     */
    public Delivery onOutput(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (closed) {
            return Delivery.ACCEPTED;
        }
        if (inboundPaused) {
            notReadyAnswers++;
            return Delivery.NOT_READY;
        }
        payloadsReceived++;
        if (payload.length > 0) {
            receiver.onBytes(Unpooled.wrappedBuffer(payload));
        }
        return Delivery.ACCEPTED;
    }

    /**
     * Stops ({@code true}) or resumes ({@code false}) taking Output payloads. A payload being delivered is taken
     * whole; the pause applies to the next one. Resuming schedules {@link ReliableChannel#readyToReceive()} on
     * the event loop (never inline: the channel ignores it from inside a delivery, and the caller may be deep in
     * a callback).
     */
    public void setInboundPaused(boolean paused) {
        if (closed || paused == inboundPaused) {
            return;
        }
        inboundPaused = paused;
        if (!paused && !readySignalScheduled) {
            readySignalScheduled = true;
            eventLoop.execute(this::signalReady);
        }
    }

    public boolean isInboundPaused() {
        return inboundPaused;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lifecycle and observation

    /**
     * Releases the pending bytes (they will not be sent) and stops: writes are refused and Output payloads are
     * accepted and discarded. Does not close the channel, which belongs to the owner. Idempotent.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        inboundPaused = false;
        for (ByteBuf buf : pending) {
            buf.release();
        }
        pending.clear();
        pendingBytes = 0;
        flushedBytes = 0;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Output payloads handed to the channel so far. */
    public long payloadsSent() {
        return payloadsSent;
    }

    /** Output payloads passed to the receiver so far. */
    public long payloadsReceived() {
        return payloadsReceived;
    }

    /** How often {@link #onOutput} answered {@link Delivery#NOT_READY}. */
    public long notReadyAnswers() {
        return notReadyAnswers;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Internals

    /**
     * Drains and updates writability from inside {@link #write} or {@link #flush}: a wake-up found due there is
     * deferred to the event loop, since the writer is still on the stack.
     */
    private void drainForWriter() {
        inWriterCall = true;
        try {
            drain();
            updateWritability();
        } finally {
            inWriterCall = false;
        }
    }

    /** Hands chunks to the channel while it takes them: full ones always, a short last one only if flushed. */
    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            int max = limits.maxPayloadSize();
            while (pendingBytes > 0 && channel.isWritable()) {
                int n = (int) Math.min(max, pendingBytes);
                if (n < max && flushedBytes == 0) {
                    break; // a short chunk waits for the end of the burst
                }
                byte[] chunk = n == max ? fullChunk() : new byte[n];
                copyPending(chunk, n);
                if (!channel.trySend(PayloadType.OUTPUT, chunk)) {
                    break; // not expected after isWritable(); the bytes are still pending either way
                }
                payloadsSent++;
                consumePending(n);
                flushedBytes = Math.max(0, flushedBytes - n);
            }
        } finally {
            draining = false;
        }
    }

    private byte[] fullChunk() {
        if (fullChunk == null) {
            fullChunk = new byte[limits.maxPayloadSize()];
        }
        return fullChunk;
    }

    /** Copies the oldest {@code n} pending bytes into {@code chunk} without consuming them. */
    private void copyPending(byte[] chunk, int n) {
        int filled = 0;
        for (ByteBuf buf : pending) {
            int k = Math.min(n - filled, buf.readableBytes());
            buf.getBytes(buf.readerIndex(), chunk, filled, k);
            filled += k;
            if (filled == n) {
                return;
            }
        }
    }

    private void consumePending(int n) {
        int remaining = n;
        while (remaining > 0) {
            ByteBuf head = pending.peek();
            int k = Math.min(remaining, head.readableBytes());
            head.skipBytes(k);
            if (!head.isReadable()) {
                pending.poll().release();
            }
            remaining -= k;
        }
        pendingBytes -= n;
    }

    private void updateWritability() {
        if (!unwritable) {
            unwritable = pendingBytes >= limits.maxPendingBytes();
            return;
        }
        if (pendingBytes < limits.maxPendingBytes()) {
            unwritable = false;
            if (inWriterCall) {
                // Not expected (the channel does not open its window inside a write), but a writer must never
                // be called back from inside its own call, nor be left waiting.
                eventLoop.execute(this::wakeWriter);
            } else {
                receiver.onWritable();
            }
        }
    }

    private void wakeWriter() {
        if (isWritable()) {
            receiver.onWritable();
        }
    }

    private void signalReady() {
        readySignalScheduled = false;
        if (!closed && !inboundPaused) {
            channel.readyToReceive();
        }
    }
}
