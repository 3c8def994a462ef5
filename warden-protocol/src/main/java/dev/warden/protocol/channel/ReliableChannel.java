package dev.warden.protocol.channel;

import dev.warden.protocol.DecodeError;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.Acknowledgement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The reliable data channel of one end of a Session Manager session: numbers, buffers and retransmits what this end
 * sends until the peer acknowledges it, and delivers what it receives exactly once and in order. One engine serves
 * both ends; the {@link ChannelRole} picks the message types.
 *
 * <h2>Rules (client-protocol.md §4, §7; agent-side.md §2.7, §3)</h2>
 * <ul>
 *   <li>Outgoing stream messages are numbered from 0, one number per message of any payload type, never reset
 *       (not on resume either). Acknowledgements carry 0 and are not numbered.</li>
 *   <li>A message is buffered <em>before</em> it is written, so an acknowledgement can never overtake it (the
 *       official peers write first and lose such acks). Retransmissions write the identical bytes.</li>
 *   <li>Acknowledgements are matched by sequence number only; unknown numbers are ignored.</li>
 *   <li>Timeouts follow RFC 6298 (see {@code RttEstimator}) with Karn's rule and exponential backoff. Every message
 *       whose own timeout expired is retransmitted, not only the oldest one.</li>
 *   <li>Received stream messages: the expected one is handed to the listener and acknowledged only if accepted
 *       (a refused one is kept, unacknowledged, and offered again by {@link #readyToReceive()});
 *       later ones are acknowledged and buffered (dropped unacknowledged when the buffer is full); earlier ones are
 *       duplicates and acknowledged again, as the agent does, so a lost ack does not cause endless retransmission.</li>
 *   <li>Memory is bounded by back-pressure, never by dropping data: when the outgoing window is full
 *       {@link #trySend} returns false until {@link ChannelListener#onWritable()}.</li>
 *   <li>{@code pause_publication} stops all writing of stream messages (numbering and buffering go on);
 *       {@code start_publication}, any received stream message or acknowledgement, and a new transport end the
 *       pause, as for the agent.</li>
 * </ul>
 *
 * <h2>Threading and time</h2>
 * The engine has no threads, never blocks and never sleeps. It is not thread-safe: create it and call every method
 * on one thread, for Netty the event loop of the websocket channel. Time comes from the configured {@link Ticker}
 * only. The owner drives it:
 * <ol>
 *   <li>{@link #attach} a transport when connected, {@link #detach()} when the connection breaks, {@link #attach}
 *       the next one after resuming the session;</li>
 *   <li>{@link #onFrame} for every websocket binary message, {@link #onTransportWritable()} when the transport's
 *       writability turns true;</li>
 *   <li>after any call, keep exactly one timer for {@link #nextDeadlineNanos()} (a {@link Ticker} reading) and call
 *       {@link #onTimer()} when it fires. Calling it early or late is harmless; it does whatever is due.</li>
 * </ol>
 * For example, on a Netty event loop (with the system ticker):
 * <pre>{@code
 * channel.attach(frame -> ctx.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame))));
 * // channelRead:   channel.onFrame(binaryFrame.content()); reschedule();
 * // writability:   if (ctx.channel().isWritable()) channel.onTransportWritable(); reschedule();
 *
 * void reschedule() {
 *     OptionalLong deadline = channel.nextDeadlineNanos();
 *     if (deadline.equals(scheduledFor)) return;
 *     if (timer != null) timer.cancel(false);
 *     scheduledFor = deadline;
 *     timer = deadline.isEmpty() ? null : ctx.executor().schedule(
 *             () -> { scheduledFor = OptionalLong.empty(); channel.onTimer(); reschedule(); },
 *             deadline.getAsLong() - System.nanoTime(), TimeUnit.NANOSECONDS);
 * }
 * }</pre>
 */
public final class ReliableChannel {

    private final ChannelRole role;
    private final ChannelListener listener;
    private final Ticker ticker;
    private final LongSupplier wallClockMillis;
    private final Supplier<UUID> messageIds;
    private final long giveUpNanos;

    private final OutgoingWindow window;
    private final TransmitQueue transmitQueue = new TransmitQueue();
    private final RttEstimator rtt;
    private final ReorderBuffer reorderBuffer;
    /** Null when pacing is off. */
    private final TokenBucket pacer;

    /** Null while detached. */
    private FrameTransport transport;
    private boolean paused;
    private boolean closed;
    private long nextSequenceNumber;
    private long expectedSequenceNumber;

    /** Frames that arrived while an earlier one was being dispatched (a callback fed the engine synchronously). */
    private final ArrayDeque<ClientMessage> inbox = new ArrayDeque<>();
    /**
     * The expected message, refused by the listener and therefore not acknowledged; offered again by
     * {@link #readyToReceive()}, so that a receiver that is ready again need not wait for the peer's timeout.
     */
    private ClientMessage refused;
    private boolean dispatching;
    private boolean delivering;
    private boolean writing;
    private boolean unflushed;

    private long messagesSent;
    private long messagesRetransmitted;
    private long bytesSent;
    private long messagesAcknowledged;
    private long unknownAcknowledgements;
    private long acknowledgementsSent;
    private long messagesDelivered;
    private long bytesDelivered;
    private long duplicatesReceived;
    private long outOfOrderBuffered;
    private long outOfOrderDropped;
    private long notReadyRefusals;
    private long invalidFrames;

    public ReliableChannel(ChannelRole role, ChannelConfig config, ChannelListener listener) {
        this.role = Objects.requireNonNull(role, "role");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.ticker = config.ticker();
        this.wallClockMillis = config.wallClockMillis();
        this.messageIds = config.messageIds();
        this.giveUpNanos = config.giveUpAfter().map(Duration::toNanos).orElse(0L);
        this.window = new OutgoingWindow(config.maxUnacknowledgedMessages(), config.maxUnacknowledgedBytes());
        this.reorderBuffer = new ReorderBuffer(config.reorderBufferMessages(), config.reorderBufferBytes());
        this.rtt = new RttEstimator(config.initialRtt().toNanos(), config.initialRttVariation().toNanos(),
                config.initialRto().toNanos(), config.clockGranularity().toNanos(), config.maxRto().toNanos());
        this.pacer = config.pacing().map(limits -> new TokenBucket(limits, ticker.nanoTime())).orElse(null);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Transport lifecycle

    /**
     * Starts writing to {@code newTransport}: at the beginning, and again after a resume. Sequence numbers, buffers
     * and expected number carry over; every unacknowledged message is written again at once, lowest number first
     * (the official client instead waits for timeouts, one message per tick). The RTT estimate and any backoff are
     * reset to the configured initial values: they describe a connection that no longer exists. A pause ends.
     */
    public void attach(FrameTransport newTransport) {
        Objects.requireNonNull(newTransport, "transport");
        if (closed) {
            return;
        }
        transport = newTransport;
        unflushed = false;
        paused = false;
        rtt.reset();
        transmitQueue.scheduleAll();
        writePending(ticker.nanoTime());
        flush();
    }

    /**
     * Stops writing: the transport is broken. Nothing is forgotten; messages keep being numbered and buffered
     * (within the window) until the next {@link #attach}.
     */
    public void detach() {
        transport = null;
        unflushed = false;
    }

    /**
     * Ends the channel: drops all buffers and stops writing and delivering. Further calls are ignored. Does not
     * close the transport, which belongs to the owner.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        transport = null;
        window.clear();
        transmitQueue.clear();
        reorderBuffer.clear();
        inbox.clear();
        refused = null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Sending

    /** Whether {@link #trySend} accepts a message now. */
    public boolean isWritable() {
        return !closed && window.isWritable();
    }

    /**
     * Sends {@code payload} as the next stream message, or refuses it (returns false) while the window is full or
     * the channel is closed; after a refusal, {@link ChannelListener#onWritable()} says when to try again. An
     * accepted message is delivered to the peer eventually, whatever happens to the connection, unless the channel
     * is closed.
     *
     * @param payload the payload as it goes on the wire (already encrypted where that applies); copied, so the
     *                caller may reuse the array; at least one byte, as neither official peer sends empty messages
     */
    public boolean trySend(PayloadType payloadType, byte[] payload) {
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(payload, "payload");
        if (payload.length == 0) {
            throw new IllegalArgumentException("a stream message needs at least one payload byte");
        }
        if (!isWritable()) {
            return false;
        }
        long now = ticker.nanoTime();
        long sequenceNumber = nextSequenceNumber++;
        ClientMessage message = ClientMessage.stream(role.outgoingMessageType(), sequenceNumber,
                role.flagsFor(sequenceNumber), payloadType, payload, wallClockMillis.getAsLong(), messageIds.get());
        OutgoingMessage outgoing = new OutgoingMessage(sequenceNumber, FrameCodec.encodeToArray(message), now);
        // Into the window before the first write: an acknowledgement arriving in the same breath finds it.
        window.add(outgoing);
        transmitQueue.schedule(outgoing);
        writePending(now);
        flush();
        return true;
    }

    /** The transport's writability turned true: write what was held back. */
    public void onTransportWritable() {
        if (closed) {
            return;
        }
        writePending(ticker.nanoTime());
        flush();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Receiving

    /** Handles one websocket binary message. Never throws on malformed input; see {@link #onFrame(ByteBuf)}. */
    public void onFrame(byte[] frame) {
        onFrame(Unpooled.wrappedBuffer(frame));
    }

    /**
     * Handles one websocket binary message: a frame that fails decoding is reported to
     * {@link ChannelListener#onInvalidFrame} and dropped without acknowledgement (the peer's retransmission
     * recovers it). Does not release {@code frame}.
     */
    public void onFrame(ByteBuf frame) {
        if (closed) {
            return;
        }
        Decoding<ClientMessage> decoded = FrameCodec.decode(frame);
        if (!decoded.isOk()) {
            reportInvalid(decoded.error());
            return;
        }
        inbox.add(decoded.value());
        if (!dispatching) {
            dispatchInbox();
        }
        flush();
    }

    /**
     * The listener is ready again after answering {@link Delivery#NOT_READY}: offers the refused message again and
     * delivers the buffered messages that are next in sequence. The buffered ones were acknowledged when they
     * arrived, so the peer will not send them again and without this call they would wait for the next received
     * message. The refused one was not acknowledged and is acknowledged only now, once accepted: the peer would
     * retransmit it, but only after its retransmission timeout (200 ms or more), a stall every time back-pressure
     * lets go. Has no effect when called from inside {@link ChannelListener#onStreamMessage}.
     */
    public void readyToReceive() {
        if (closed || delivering) {
            return;
        }
        deliverRefused();
        deliverBuffered();
        flush();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Time

    /**
     * When {@link #onTimer()} has work to do next, as a {@link Ticker} reading (it may already have passed), or
     * empty when nothing is pending. The owner keeps exactly one timer for this value.
     */
    public OptionalLong nextDeadlineNanos() {
        if (closed) {
            return OptionalLong.empty();
        }
        long deadline = 0;
        boolean found = false;
        if (transport != null && !paused) {
            OutgoingMessage oldestInFlight = transmitQueue.oldestInFlight();
            if (oldestInFlight != null) {
                deadline = oldestInFlight.lastWrittenNanos + rtt.rto();
                found = true;
            }
            OutgoingMessage nextToWrite = transmitQueue.nextToWrite();
            if (nextToWrite != null && pacer != null && transport.isWritable()) {
                long now = ticker.nanoTime();
                long paced = now + pacer.nanosUntilAvailable(nextToWrite.length(), now);
                deadline = found ? NanoTime.earliest(deadline, paced) : paced;
                found = true;
            }
        }
        OutgoingMessage oldest = window.oldest();
        if (giveUpNanos > 0 && oldest != null) {
            long giveUp = oldest.queuedAtNanos + giveUpNanos;
            deadline = found ? NanoTime.earliest(deadline, giveUp) : giveUp;
            found = true;
        }
        return found ? OptionalLong.of(deadline) : OptionalLong.empty();
    }

    /** Does whatever is due: give up, retransmit timed-out messages, write paced messages. */
    public void onTimer() {
        if (closed) {
            return;
        }
        long now = ticker.nanoTime();
        if (gaveUp(now)) {
            return;
        }
        retransmitExpired(now);
        writePending(now);
        flush();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Observation

    public ChannelRole role() {
        return role;
    }

    public boolean isAttached() {
        return transport != null;
    }

    /** Whether a {@code pause_publication} is in force. */
    public boolean isPaused() {
        return paused;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The number the next outgoing stream message gets. */
    public long nextSequenceNumber() {
        return nextSequenceNumber;
    }

    /** The number of the next stream message to deliver. */
    public long expectedSequenceNumber() {
        return expectedSequenceNumber;
    }

    /** The sequence numbers of the messages the peer has not acknowledged, lowest first. For tests. */
    List<Long> unacknowledgedSequenceNumbers() {
        return window.inSequenceOrder().stream().map(message -> message.sequenceNumber).toList();
    }

    public ChannelStats stats() {
        return new ChannelStats(messagesSent, messagesRetransmitted, bytesSent, messagesAcknowledged,
                unknownAcknowledgements, acknowledgementsSent, messagesDelivered, bytesDelivered, duplicatesReceived,
                outOfOrderBuffered, outOfOrderDropped, notReadyRefusals, invalidFrames, window.size(), window.bytes(),
                reorderBuffer.size(), rtt.smoothedRtt(), rtt.rto());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Inbound

    private void dispatchInbox() {
        dispatching = true;
        try {
            ClientMessage next;
            while (!closed && (next = inbox.poll()) != null) {
                dispatch(next);
            }
        } finally {
            dispatching = false;
            // Left over only when a callback threw. Those frames were not acknowledged; the peer sends them again.
            inbox.clear();
        }
    }

    private void dispatch(ClientMessage message) {
        String type = message.messageType();
        if (type.equals(role.incomingMessageType())) {
            resumePublication();
            receiveStreamMessage(message);
        } else if (type.equals(MessageTypes.ACKNOWLEDGE)) {
            receiveAcknowledgement(message);
        } else if (type.equals(MessageTypes.PAUSE_PUBLICATION)) {
            paused = true;
        } else if (type.equals(MessageTypes.START_PUBLICATION)) {
            resumePublication();
        } else {
            listener.onServiceMessage(message);
        }
    }

    private void receiveStreamMessage(ClientMessage message) {
        long sequenceNumber = message.sequenceNumber();
        if (sequenceNumber == expectedSequenceNumber) {
            // Process, then acknowledge: an ack promises the peer it may forget the message.
            if (deliver(message)) {
                acceptedInSequence(message);
                deliverBuffered();
            } else if (!reorderBuffer.contains(sequenceNumber)) {
                refused = message; // kept unacknowledged for readyToReceive(); the peer still has it too
            }
        } else if (sequenceNumber > expectedSequenceNumber) {
            if (reorderBuffer.contains(sequenceNumber)) {
                duplicatesReceived++;
                acknowledge(message);
            } else if (reorderBuffer.store(expectedSequenceNumber, message)) {
                outOfOrderBuffered++;
                acknowledge(message);
            } else {
                outOfOrderDropped++; // no ack: the peer retransmits once there is room
            }
        } else {
            duplicatesReceived++;
            acknowledge(message); // delivered long ago; our ack must have been lost
        }
    }

    /** The expected message was accepted: acknowledge it and expect the next. */
    private void acceptedInSequence(ClientMessage message) {
        refused = null;
        reorderBuffer.remove(message.sequenceNumber()); // an older copy, if our first ack of it was lost
        acknowledge(message);
        expectedSequenceNumber++;
    }

    /** Offers the refused message again; acknowledged only if accepted now. */
    private void deliverRefused() {
        ClientMessage candidate = refused;
        if (candidate == null || candidate.sequenceNumber() != expectedSequenceNumber) {
            refused = null;
            return;
        }
        if (deliver(candidate)) {
            acceptedInSequence(candidate);
        }
    }

    /** Delivers buffered messages while they are next in sequence; they were acknowledged on arrival. */
    private void deliverBuffered() {
        ClientMessage next;
        while (!closed && (next = reorderBuffer.get(expectedSequenceNumber)) != null) {
            if (!deliver(next)) {
                return; // stays buffered: it is the only copy
            }
            reorderBuffer.remove(next.sequenceNumber());
            expectedSequenceNumber++;
        }
    }

    private boolean deliver(ClientMessage message) {
        Delivery answer;
        delivering = true;
        try {
            answer = listener.onStreamMessage(message);
        } finally {
            delivering = false;
        }
        if (Objects.requireNonNull(answer, "onStreamMessage must answer") == Delivery.ACCEPTED) {
            messagesDelivered++;
            bytesDelivered += message.payload().length;
            return true;
        }
        notReadyRefusals++;
        return false;
    }

    private void receiveAcknowledgement(ClientMessage message) {
        Decoding<Acknowledgement> decoded = Acknowledgement.decode(message.payload());
        if (!decoded.isOk()) {
            reportInvalid(decoded.error());
            return;
        }
        long now = ticker.nanoTime();
        boolean wasWritable = window.isWritable();
        OutgoingMessage acknowledged = window.remove(decoded.value().acknowledgedSequenceNumber());
        if (acknowledged == null) {
            unknownAcknowledgements++; // a repeated ack, or a number never sent
        } else {
            transmitQueue.remove(acknowledged);
            messagesAcknowledged++;
            // Karn's rule: when a message went out more than once, its ack cannot tell which write it answers.
            if (acknowledged.transmissions == 1) {
                rtt.sample(now - acknowledged.lastWrittenNanos);
            }
        }
        resumePublication();
        if (!wasWritable && window.isWritable()) {
            listener.onWritable();
        }
    }

    private void acknowledge(ClientMessage received) {
        FrameTransport target = transport;
        if (target == null) {
            return; // the peer retransmits, and the duplicate is acknowledged then
        }
        // Not paced, not held back by writability: acks are small and the peer's window waits for them.
        ClientMessage ack = Acknowledgement.of(received).toMessage(messageIds.get(), wallClockMillis.getAsLong());
        acknowledgementsSent++;
        unflushed = true;
        target.write(FrameCodec.encodeToArray(ack));
    }

    private void reportInvalid(DecodeError error) {
        invalidFrames++;
        listener.onInvalidFrame(error);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Outbound

    private void resumePublication() {
        if (!paused) {
            return;
        }
        paused = false;
        long now = ticker.nanoTime();
        retransmitExpired(now);
        writePending(now);
    }

    private void retransmitExpired(long now) {
        if (transport == null || paused) {
            return;
        }
        if (transmitQueue.scheduleExpired(now, rtt.rto()) > 0) {
            rtt.backOff(); // once per timeout event, however many messages expired together
        }
    }

    /** Writes queued messages in sequence order while the transport, the pause state and the pacer allow. */
    private void writePending(long now) {
        if (writing) {
            return; // re-entered from a callback; the loop below picks up the new work
        }
        writing = true;
        try {
            OutgoingMessage next;
            while (!closed && !paused && transport != null && transport.isWritable()
                    && (next = transmitQueue.nextToWrite()) != null) {
                if (pacer != null && !pacer.tryTake(next.length(), now)) {
                    break; // nextDeadlineNanos() reports when the tokens are there
                }
                FrameTransport target = transport;
                transmitQueue.written(next);
                next.recordWrite(now);
                if (next.transmissions == 1) {
                    messagesSent++;
                } else {
                    messagesRetransmitted++;
                }
                bytesSent += next.length();
                unflushed = true;
                target.write(next.frame);
            }
        } finally {
            writing = false;
        }
    }

    private boolean gaveUp(long now) {
        OutgoingMessage oldest = window.oldest();
        if (giveUpNanos == 0 || oldest == null || now - oldest.queuedAtNanos < giveUpNanos) {
            return false;
        }
        close();
        listener.onGiveUp(oldest.sequenceNumber, Duration.ofNanos(now - oldest.queuedAtNanos));
        return true;
    }

    private void flush() {
        if (unflushed && transport != null) {
            unflushed = false;
            transport.flush();
        }
    }
}
