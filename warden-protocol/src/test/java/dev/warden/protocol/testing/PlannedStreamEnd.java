package dev.warden.protocol.testing;

import dev.warden.protocol.smux.SmuxStream;
import dev.warden.protocol.smux.SmuxStreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The application on one end of one smux stream of a simulation: it writes a known pattern, checks that every byte
 * it reads is the next byte of the peer's pattern, and closes in the only order smux allows without losing data (the
 * first closer waits until it has received everything; the second closes after the FIN). When to write and read is
 * the simulation's to decide, in a subclass; what counts as correct is decided here, once for all simulations.
 */
public abstract class PlannedStreamEnd implements SmuxStreamListener {

    private final int plan;
    private final Object side;
    protected final int toSend;
    protected final int toReceive;
    protected final boolean closesFirst;
    private final int sendSalt;
    private final int receiveSalt;
    protected SmuxStream stream;
    protected int written;
    protected int received;
    protected boolean closedByMe;
    private boolean finSeen;
    private boolean closedEvent;

    /**
     * @param plan        the index of the stream in the simulation's plan
     * @param side        the end of the session this stream end lives on, for messages
     * @param sendSalt    picks the pattern this end writes; the peer reads it with the same salt
     * @param receiveSalt picks the pattern this end expects to read
     */
    protected PlannedStreamEnd(int plan, Object side, int toSend, int toReceive, boolean closesFirst, int sendSalt,
                               int receiveSalt) {
        this.plan = plan;
        this.side = side;
        this.toSend = toSend;
        this.toReceive = toReceive;
        this.closesFirst = closesFirst;
        this.sendSalt = sendSalt;
        this.receiveSalt = receiveSalt;
    }

    /** Byte {@code offset} of the pattern picked by {@code salt}: streams differ, and so do neighbouring offsets. */
    public static byte patternByte(int salt, int offset) {
        return (byte) (offset * 31 + (offset >>> 8) + salt * 7);
    }

    /** The failure to throw; a simulation may also record it, for when a caller swallows what a listener throws. */
    protected abstract AssertionError failure(String what);

    /** Called once the stream is attached, before the end checks whether it can close already. */
    protected void onAttached() {
    }

    /** What the subclass adds to {@link #toString()}. */
    protected String describeMore() {
        return "";
    }

    public final void attach(SmuxStream s) {
        if (stream != null) {
            throw failure(this + " attached twice");
        }
        stream = s;
        s.listener(this);
        onAttached();
        maybeClose();
    }

    public final boolean closedEvent() {
        return closedEvent;
    }

    /** Bytes written and read so far: grows while the stream makes progress. */
    public final long bytesMoved() {
        return (long) written + received;
    }

    public final boolean isComplete() {
        return received == toReceive && written == toSend && closedEvent;
    }

    /** Writes the next {@code n} bytes of this end's pattern; the stream must take them. */
    protected final void writePattern(ByteBufAllocator allocator, int n) {
        ByteBuf data = allocator.buffer(n);
        for (int i = 0; i < n; i++) {
            data.writeByte(patternByte(sendSalt, written + i));
        }
        if (!stream.write(data)) {
            throw failure(this + ": write refused");
        }
        written += n;
    }

    /** Reads {@code n} bytes, which must be the next bytes of the peer's pattern and no more than it sends. */
    protected final void readPattern(int n) {
        ByteBuf data = stream.read(n);
        try {
            if (data.readableBytes() != n) {
                throw failure(this + ": read " + data.readableBytes() + " of " + n);
            }
            for (int i = 0; i < n; i++) {
                if (data.getByte(data.readerIndex() + i) != patternByte(receiveSalt, received + i)) {
                    throw failure(this + ": wrong byte at offset " + (received + i));
                }
            }
        } finally {
            data.release();
        }
        received += n;
        if (received > toReceive) {
            throw failure(this + ": more bytes than were sent");
        }
    }

    /** Closes once everything is written and, for the first closer, read; for the second, once the FIN came. */
    protected final void maybeClose() {
        if (closedByMe || stream == null || written < toSend) {
            return;
        }
        boolean ready = closesFirst ? received == toReceive : stream.isEndOfInput();
        if (ready) {
            closedByMe = true;
            stream.close();
        }
    }

    @Override
    public void onFinReceived(SmuxStream s) {
        if (finSeen || closesFirst) {
            throw failure(this + ": unexpected FIN");
        }
        finSeen = true;
        if (received + s.readableBytes() != toReceive) {
            throw failure(this + ": FIN before all data (" + (received + s.readableBytes()) + " of " + toReceive + ")");
        }
        if (s.pendingWriteBytes() != 0) {
            throw failure(this + ": data still queued at FIN");
        }
        maybeClose();
    }

    @Override
    public void onClosed(SmuxStream s) {
        if (!closedByMe || closedEvent) {
            throw failure(this + " closed without close()");
        }
        closedEvent = true;
    }

    @Override
    public String toString() {
        return "plan " + plan + " " + side + (stream == null ? "" : " " + stream) + " written " + written + "/"
                + toSend + " received " + received + "/" + toReceive + (closesFirst ? " first-closer" : "")
                + describeMore() + (closedByMe ? " closed" : "");
    }
}
