package dev.warden.protocol.mux;

import dev.warden.protocol.channel.ChannelListener;
import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.channel.ReliableChannel;
import dev.warden.protocol.smux.SmuxCloseReason;
import dev.warden.protocol.smux.SmuxConfig;
import dev.warden.protocol.smux.SmuxSession;
import dev.warden.protocol.smux.SmuxSessionListener;
import dev.warden.protocol.smux.SmuxStream;
import dev.warden.protocol.smux.SmuxTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * An {@link SmuxSession} running over the Output byte stream of a {@link ReliableChannel}: multiplexed port
 * forwarding (client-protocol.md §6.5, agent-side.md §4.4). The client runs the smux client, the emulated agent
 * the smux server; both wire it the same way.
 *
 * <p>The byte stream is a {@link ByteStreamOverChannel}, so smux frames are split and merged across Output
 * payloads exactly as the official peers do it, and back-pressure is end to end:
 * <ul>
 *   <li>outbound, the session sees its transport not writable while the channel's window is full and
 *       {@link OutputLimits#maxPendingBytes()} wait, so streams queue their data (and turn unwritable at their
 *       high water mark) instead of this bridge. Pending bytes stay below {@code maxPendingBytes} plus one smux
 *       frame ({@link SmuxConfig#maxFrameSize()} + 8), plus the small control frames smux writes regardless of
 *       writability (SYN, FIN, NOP: 8 bytes each; in version 2, a 16-byte UPD per half stream buffer read);</li>
 *   <li>inbound, when the session's receive buffer is full it pauses its transport; from then on Output
 *       payloads are answered {@link Delivery#NOT_READY}, so the channel neither acknowledges nor advances; it
 *       offers the refused payload again when the session resumes (or the peer retransmits it). The session never sees input while paused and so never closes with
 *       {@link SmuxCloseReason.Kind#INPUT_OVERFLOW}, provided its {@link SmuxConfig#maxBufferedInput()} holds one
 *       whole Output payload of the peer (the default, 4 MiB, holds thousands of the usual 1 KiB).</li>
 * </ul>
 *
 * <h2>Threading and wiring</h2>
 * Confined to the channel's thread, with no threads or clock of its own; {@code eventLoop} runs tasks later on
 * that thread and is also the session's executor. The owner drives the channel as its Javadoc describes and
 * also the session's timer ({@link SmuxSession#onTick} at {@link SmuxSession#nextDeadlineNanos()}); its
 * channel listener delegates Output payloads and writability here and keeps everything else (Flag payloads such
 * as TerminateSession or ConnectToPortError, service messages):
 * <pre>{@code
 * class Owner implements ChannelListener {
 *     SmuxOverChannel mux;                 // set right after the channel is built
 *
 *     public Delivery onStreamMessage(ClientMessage message) {
 *         if (message.payloadType() == PayloadType.OUTPUT.code()) {
 *             return mux == null ? Delivery.NOT_READY : mux.onOutput(message.payload());
 *         }
 *         return handleFlag(message);
 *     }
 *     public void onWritable() {
 *         if (mux != null) mux.onChannelWritable();
 *     }
 * }
 * // Client (Session Manager plugin): the smux client opens a stream per accepted local connection.
 * Owner owner = new Owner();
 * ReliableChannel channel = new ReliableChannel(ChannelRole.CLIENT, channelConfig, owner);
 * owner.mux = SmuxOverChannel.client(channel, OutputLimits.defaults(), SmuxConfig.defaults(), sessionListener,
 *         eventLoop, System.nanoTime());
 * SmuxStream stream = owner.mux.session().openStream();
 *
 * // Emulated agent: the smux server accepts streams (sessionListener.onStreamAccepted) and dials the target.
 * ReliableChannel agentChannel = new ReliableChannel(ChannelRole.AGENT, channelConfig, agentOwner);
 * agentOwner.mux = SmuxOverChannel.server(agentChannel, OutputLimits.defaults(), SmuxConfig.defaults(),
 *         sessionListener, eventLoop, System.nanoTime());
 * }</pre>
 * When the session closes (for any reason) the bridge closes too: pending output is released and later Output
 * payloads are accepted and discarded, as the closed session would discard them; ending the data-channel session
 * is the owner's decision, taken in {@link SmuxSessionListener#onSessionClosed}.
 */
public final class SmuxOverChannel {

    private final ByteStreamOverChannel bytes;
    private final SmuxSession session;

    /**
     * @param role      {@link SmuxSession.Role#CLIENT} for the client, {@link SmuxSession.Role#SERVER} for the agent
     * @param channel   the engine carrying the Output stream; the owner keeps driving it
     * @param limits    how outbound bytes are cut into Output payloads and how many may wait
     * @param config    the smux settings
     * @param listener  the owner's session listener; {@link SmuxSessionListener#onSessionClosed} is called after
     *                  the bridge has closed
     * @param allocator where the session's buffers come from
     * @param eventLoop runs tasks later on the channel's thread
     * @param nowNanos  the current time on the clock later passed to {@link SmuxSession#onTick}
     */
    public SmuxOverChannel(SmuxSession.Role role, ReliableChannel channel, OutputLimits limits, SmuxConfig config,
                           SmuxSessionListener listener, ByteBufAllocator allocator, Executor eventLoop,
                           long nowNanos) {
        Objects.requireNonNull(listener, "listener");
        this.bytes = new ByteStreamOverChannel(channel, limits, eventLoop, new ByteStreamOverChannel.Receiver() {
            @Override
            public void onBytes(ByteBuf received) {
                try {
                    session.onInbound(received);
                } finally {
                    received.release();
                }
            }

            @Override
            public void onWritable() {
                session.onTransportWritable();
            }
        });
        this.session = new SmuxSession(role, config, new Transport(), new SmuxSessionListener() {
            @Override
            public void onStreamAccepted(SmuxStream stream) {
                listener.onStreamAccepted(stream);
            }

            @Override
            public void onSessionClosed(SmuxCloseReason reason) {
                bytes.close();
                listener.onSessionClosed(reason);
            }
        }, allocator, eventLoop, nowNanos);
    }

    /** The Session Manager client's end: an smux client (streams 3, 5, 7, …), Netty's default allocator. */
    public static SmuxOverChannel client(ReliableChannel channel, OutputLimits limits, SmuxConfig config,
                                         SmuxSessionListener listener, Executor eventLoop, long nowNanos) {
        return new SmuxOverChannel(SmuxSession.Role.CLIENT, channel, limits, config, listener,
                ByteBufAllocator.DEFAULT, eventLoop, nowNanos);
    }

    /** The agent's end: an smux server (accepts the client's streams), Netty's default allocator. */
    public static SmuxOverChannel server(ReliableChannel channel, OutputLimits limits, SmuxConfig config,
                                         SmuxSessionListener listener, Executor eventLoop, long nowNanos) {
        return new SmuxOverChannel(SmuxSession.Role.SERVER, channel, limits, config, listener,
                ByteBufAllocator.DEFAULT, eventLoop, nowNanos);
    }

    /** The smux session: open and accept streams here, and drive its timer. */
    public SmuxSession session() {
        return session;
    }

    /**
     * Call from the owner's {@link ChannelListener#onStreamMessage} for every Output payload and return the answer;
     * see {@link ByteStreamOverChannel#onOutput}.
     */
    public Delivery onOutput(byte[] payload) {
        return bytes.onOutput(payload);
    }

    /** Call from the owner's {@link ChannelListener#onWritable()}. */
    public void onChannelWritable() {
        bytes.onChannelWritable();
    }

    /** smux bytes written by the session and not yet taken by the channel. */
    public long pendingBytes() {
        return bytes.pendingBytes();
    }

    /** Whether Output payloads are being refused because the session's receive buffer is full. */
    public boolean isInboundPaused() {
        return bytes.isInboundPaused();
    }

    /** How often an Output payload was refused with {@link Delivery#NOT_READY}. */
    public long notReadyAnswers() {
        return bytes.notReadyAnswers();
    }

    /** Output payloads handed to the channel so far. */
    public long payloadsSent() {
        return bytes.payloadsSent();
    }

    /** Closes the session (no FINs, as smux) and with it the bridge. The channel stays the owner's. */
    public void close() {
        session.close();
        bytes.close();
    }

    /** The session's view of the Output stream. */
    private final class Transport implements SmuxTransport {
        @Override
        public void write(ByteBuf frame) {
            bytes.write(frame);
        }

        @Override
        public void flush() {
            bytes.flush();
        }

        @Override
        public boolean isWritable() {
            return bytes.isWritable();
        }

        @Override
        public void setInboundPaused(boolean paused) {
            bytes.setInboundPaused(paused);
        }
    }
}
