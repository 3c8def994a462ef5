package dev.warden.protocol.smux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * One multiplexed stream of an {@link SmuxSession}. Confined to the session's thread, like the session.
 *
 * <h2>Reading</h2>
 * Received data is buffered in the stream and pulled with {@link #read()}; {@link SmuxStreamListener#onReadable}
 * says when more arrived. Unread data counts against the session's receive buffer
 * ({@link SmuxConfig#maxReceiveBuffer()}); when that is full the session stops parsing input for every
 * stream, which is smux's only back-pressure in protocol version 1, and resumes in a task on the event
 * loop once reading has made room (never inside {@link #read()}). In version 2 reading also sends the
 * window updates (UPD) that let the peer send more: on the first read and whenever half of
 * {@link SmuxConfig#maxStreamBuffer()} has been read since the last update, as smux does. A consumer that
 * stops reading therefore stops the peer.
 *
 * <h2>Writing</h2>
 * {@link #write} never blocks and never drops accepted data: bytes the session cannot send yet (version 2
 * window exhausted, or the transport not writable) wait in the stream, in order. {@link #isWritable()}
 * turns false when more than {@link SmuxConfig#writeBufferHighWaterMark()} bytes wait and true again at the
 * low water mark, with {@link SmuxStreamListener#onWritabilityChanged} on both edges: a proxy stops reading
 * its source while the stream is not writable.
 *
 * <h2>Closing</h2>
 * smux has no half-close. {@link #close()} sends FIN after everything queued and forgets the stream: data
 * still arriving for it is dropped. A FIN from the peer means the peer did the same, so this side can read
 * what arrived before it but can no longer write (smux's Write returns EOF then); the application should
 * then close its side too, which sends the answering FIN.
 */
public final class SmuxStream {

    /** smux's initial guess of the peer's window, used until the peer's first UPD arrives. */
    static final int INITIAL_PEER_WINDOW = 262144;

    private static final SmuxStreamListener NO_LISTENER = new SmuxStreamListener() {
    };

    private enum State {
        /** Readable and writable. */
        OPEN,
        /** Closed by the application; queued data is still being sent, then FIN. */
        CLOSING,
        /** FIN sent, or the session closed. */
        CLOSED
    }

    private final SmuxSession session;
    private final int id;
    private SmuxStreamListener listener = NO_LISTENER;
    private State state = State.OPEN;

    private final ArrayDeque<ByteBuf> received = new ArrayDeque<>();
    private int readableBytes;
    private boolean finReceived;
    /** Version 2 receive accounting, modulo 2^32 as on the wire: total read, and read since the last UPD. */
    private int numRead;
    private int readSinceUpdate;

    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private long pendingBytes;
    private boolean belowHighWaterMark = true;
    /** Version 2 send accounting, modulo 2^32: total sent, and the peer's last UPD. */
    private int sent;
    private int peerConsumed;
    private int peerWindow = INITIAL_PEER_WINDOW;

    /** Whether the stream sits in the session's send queue. */
    boolean queuedForSend;

    SmuxStream(SmuxSession session, int id) {
        this.session = session;
        this.id = id;
    }

    /** The stream id, an unsigned 32-bit value. */
    public int id() {
        return id;
    }

    public SmuxSession session() {
        return session;
    }

    /** Sets the receiver of this stream's events; {@code null} ignores them. */
    public void listener(SmuxStreamListener listener) {
        this.listener = listener == null ? NO_LISTENER : listener;
    }

    // ----- reading -----

    /** Bytes received and not read yet. */
    public int readableBytes() {
        return readableBytes;
    }

    /** Everything buffered; see {@link #read(int)}. */
    public ByteBuf read() {
        return read(Integer.MAX_VALUE);
    }

    /**
     * Takes up to {@code maxBytes} buffered bytes, in order; the caller owns the returned buffer, which is
     * empty when nothing is buffered or the stream is closed. No listener is called from inside this
     * method; in version 2 it may send a window update.
     */
    public ByteBuf read(int maxBytes) {
        if (maxBytes <= 0 || readableBytes == 0 || state != State.OPEN) {
            return Unpooled.EMPTY_BUFFER;
        }
        session.enter();
        try {
            int n = Math.min(maxBytes, readableBytes);
            ByteBuf out = takeReceived(n);
            readableBytes -= n;
            acknowledgeRead(n);
            session.returnReceiveBudget(n);
            return out;
        } finally {
            session.exit();
        }
    }

    /** Whether the peer sent FIN. Data that arrived before it may still be buffered. */
    public boolean isFinReceived() {
        return finReceived;
    }

    /** Whether the peer sent FIN and everything before it has been read: nothing more will ever be readable. */
    public boolean isEndOfInput() {
        return finReceived && readableBytes == 0;
    }

    // ----- writing -----

    /**
     * Queues {@code data} for sending and sends what the window and the transport allow right away, in
     * frames of at most {@link SmuxConfig#maxFrameSize()} bytes. Takes ownership of {@code data}.
     *
     * @return {@code false}, with {@code data} released, when the stream takes no more data: it was
     *         closed, the peer sent FIN, or the session closed
     */
    public boolean write(ByteBuf data) {
        Objects.requireNonNull(data, "data");
        if (!acceptsWrites()) {
            data.release();
            return false;
        }
        int n = data.readableBytes();
        if (n == 0) {
            data.release();
            return true;
        }
        session.enter();
        try {
            pending.add(data);
            pendingBytes += n;
            session.scheduleSend(this);
            updateWritability();
        } finally {
            session.exit();
        }
        return true;
    }

    /** Whether writing now is welcome: the stream takes data and its queue is below the high water mark. */
    public boolean isWritable() {
        return acceptsWrites() && belowHighWaterMark;
    }

    /** Bytes accepted by {@link #write} and not sent yet. */
    public long pendingWriteBytes() {
        return pendingBytes;
    }

    // ----- lifecycle -----

    /** Whether the application has not closed the stream and the session is open. */
    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** Whether the stream is gone: FIN sent, or the session closed. */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /**
     * Closes the stream: unread data is dropped, queued data is still sent, then FIN, after which the
     * stream is forgotten and {@link SmuxStreamListener#onClosed} is called. Does nothing when already
     * closing or closed.
     */
    public void close() {
        if (state != State.OPEN) {
            return;
        }
        session.enter();
        try {
            state = State.CLOSING;
            int dropped = releaseReceived();
            if (finReceived) {
                // The peer has forgotten the stream: queued data could never be delivered.
                releasePending();
            }
            if (pendingBytes == 0) {
                finishClose();
            } else {
                session.scheduleSend(this);
            }
            session.returnReceiveBudget(dropped);
        } finally {
            session.exit();
        }
    }

    // ----- called by the session -----

    void onData(ByteBuf data) {
        received.add(data);
        readableBytes += data.readableBytes();
        session.fire(() -> listener.onReadable(this));
    }

    /** Whether PSH data for this stream is still wanted (smux drops it once the stream is closed locally). */
    boolean acceptsData() {
        return state == State.OPEN;
    }

    void onFin() {
        if (finReceived) {
            return;
        }
        finReceived = true;
        // Like smux's Write after a FIN: nothing queued can reach a peer that has forgotten the stream.
        releasePending();
        belowHighWaterMark = true;
        if (state == State.CLOSING) {
            finishClose();
        } else if (state == State.OPEN) {
            session.fire(() -> listener.onFinReceived(this));
        }
    }

    /**
     * A version 2 window update: the peer has consumed {@code consumed} bytes in total and grants
     * {@code window} bytes in flight.
     */
    void onWindowUpdate(int consumed, int window) {
        if (sent - consumed < 0) {
            // smux's ErrConsumed: modular arithmetic, the peer claims bytes that were never sent.
            session.protocolViolation("UPD on stream " + Integer.toUnsignedString(id) + " acknowledges "
                    + Integer.toUnsignedString(consumed) + " bytes, only " + Integer.toUnsignedString(sent) + " were sent");
            return;
        }
        peerConsumed = consumed;
        peerWindow = window;
        if (pendingBytes > 0) {
            session.scheduleSend(this);
        }
    }

    /**
     * Sends at most one data frame from the queue, and FIN once a closing stream's queue is empty.
     *
     * @return whether more could be sent right now
     */
    boolean sendOneFrame() {
        if (state == State.CLOSED) {
            return false;
        }
        int n = sendableBytes();
        if (n > 0) {
            ByteBuf frame = session.frameBuffer(SmuxCommand.PSH, id, n);
            movePending(frame, n);
            sent += n;
            session.transmit(frame);
            updateWritability();
        }
        if (state == State.CLOSING && pendingBytes == 0) {
            finishClose();
            return false;
        }
        return state != State.CLOSED && sendableBytes() > 0;
    }

    /** The session closed: release everything and report the stream closed. */
    void terminate() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        releaseReceived();
        releasePending();
        session.fire(() -> listener.onClosed(this));
    }

    /** Bytes in flight as the peer's last UPD sees them (version 2), for diagnostics and tests. */
    long inflightBytes() {
        return Integer.toUnsignedLong(sent - peerConsumed);
    }

    // ----- internals -----

    private boolean acceptsWrites() {
        return state == State.OPEN && !finReceived && !session.isClosed();
    }

    /** How many queued bytes the next frame may carry: bounded by the frame size and, in version 2, the window. */
    private int sendableBytes() {
        if (pendingBytes == 0) {
            return 0;
        }
        int n = (int) Math.min(pendingBytes, session.config().maxFrameSize());
        if (session.config().version() >= 2) {
            // As smux: inflight and window in 32-bit modular arithmetic, a non-positive window blocks.
            int inflight = sent - peerConsumed;
            int window = peerWindow - inflight;
            if (window <= 0) {
                return 0;
            }
            n = Math.min(n, window);
        }
        return n;
    }

    private void acknowledgeRead(int n) {
        if (session.config().version() < 2) {
            return;
        }
        numRead += n;
        readSinceUpdate += n;
        int maxStreamBuffer = session.config().maxStreamBuffer();
        // "numRead == n" is smux's test for the first read; it sends its window right away.
        if (Integer.compareUnsigned(readSinceUpdate, maxStreamBuffer / 2) >= 0 || numRead == n) {
            readSinceUpdate = 0;
            session.writeWindowUpdate(id, numRead, maxStreamBuffer);
        }
    }

    private ByteBuf takeReceived(int n) {
        ByteBuf head = received.peek();
        if (head.readableBytes() >= n) {
            return takeFrom(head, n);
        }
        CompositeByteBuf out = session.allocator().compositeBuffer(received.size());
        int remaining = n;
        while (remaining > 0) {
            ByteBuf next = received.peek();
            int k = Math.min(remaining, next.readableBytes());
            out.addComponent(true, takeFrom(next, k));
            remaining -= k;
        }
        return out;
    }

    private ByteBuf takeFrom(ByteBuf head, int n) {
        if (head.readableBytes() == n) {
            return received.poll();
        }
        return head.readRetainedSlice(n);
    }

    private void movePending(ByteBuf out, int n) {
        int remaining = n;
        while (remaining > 0) {
            ByteBuf head = pending.peek();
            int k = Math.min(remaining, head.readableBytes());
            out.writeBytes(head, k);
            if (!head.isReadable()) {
                pending.poll().release();
            }
            remaining -= k;
        }
        pendingBytes -= n;
    }

    private void updateWritability() {
        boolean was = belowHighWaterMark;
        if (belowHighWaterMark && pendingBytes > session.config().writeBufferHighWaterMark()) {
            belowHighWaterMark = false;
        } else if (!belowHighWaterMark && pendingBytes <= session.config().writeBufferLowWaterMark()) {
            belowHighWaterMark = true;
        }
        if (was != belowHighWaterMark && acceptsWrites()) {
            session.fire(() -> listener.onWritabilityChanged(this));
        }
    }

    private void finishClose() {
        state = State.CLOSED;
        session.writeControl(SmuxCommand.FIN, id);
        session.forget(this);
        session.fire(() -> listener.onClosed(this));
    }

    private int releaseReceived() {
        int dropped = readableBytes;
        for (ByteBuf buf : received) {
            buf.release();
        }
        received.clear();
        readableBytes = 0;
        return dropped;
    }

    private void releasePending() {
        for (ByteBuf buf : pending) {
            buf.release();
        }
        pending.clear();
        pendingBytes = 0;
    }

    @Override
    public String toString() {
        return "SmuxStream[" + Integer.toUnsignedString(id) + " " + state + (finReceived ? " fin-received" : "") + "]";
    }
}
