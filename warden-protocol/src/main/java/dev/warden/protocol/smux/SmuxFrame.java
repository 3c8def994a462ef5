package dev.warden.protocol.smux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.util.Objects;

/**
 * One smux frame: {@code version u8 | command u8 | length u16 LE | streamId u32 LE | data}.
 *
 * <p>The frame owns {@code data} (a reference-counted buffer whose readable bytes are the frame data);
 * whoever holds the frame last calls {@link #release()}. Equality compares the data's readable bytes.
 * {@link #toString()} never prints the data, which may be a user's secrets.
 *
 * @param version  the protocol version byte, 1 or 2 for every real sender
 * @param command  what the frame does
 * @param streamId an unsigned 32-bit stream id held in an int; 0 for NOP
 * @param data     the frame data; empty for SYN, FIN and NOP, 8 bytes for UPD
 */
public record SmuxFrame(int version, SmuxCommand command, int streamId, ByteBuf data) {

    /** Length of the fixed header. */
    public static final int HEADER_LENGTH = 8;
    /** The largest length the 16-bit length field can express. */
    public static final int MAX_DATA_LENGTH = 0xFFFF;
    /** Length of a UPD frame's data. */
    public static final int UPD_DATA_LENGTH = 8;

    public SmuxFrame {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(data, "data");
        if (version < 0 || version > 0xFF) {
            throw new IllegalArgumentException("version must fit in one byte: " + version);
        }
        if (data.readableBytes() > MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("frame data of " + data.readableBytes()
                    + " bytes does not fit the 16-bit length field");
        }
    }

    public static SmuxFrame syn(int version, int streamId) {
        return new SmuxFrame(version, SmuxCommand.SYN, streamId, Unpooled.EMPTY_BUFFER);
    }

    public static SmuxFrame fin(int version, int streamId) {
        return new SmuxFrame(version, SmuxCommand.FIN, streamId, Unpooled.EMPTY_BUFFER);
    }

    /** The keep-alive frame; smux always sends it on stream 0. */
    public static SmuxFrame nop(int version) {
        return new SmuxFrame(version, SmuxCommand.NOP, 0, Unpooled.EMPTY_BUFFER);
    }

    /** A data frame; takes ownership of {@code data}. */
    public static SmuxFrame psh(int version, int streamId, ByteBuf data) {
        return new SmuxFrame(version, SmuxCommand.PSH, streamId, data);
    }

    /** A window update; {@code consumed} and {@code window} are unsigned 32-bit values. */
    public static SmuxFrame upd(int version, int streamId, int consumed, int window, ByteBufAllocator allocator) {
        ByteBuf data = allocator.buffer(UPD_DATA_LENGTH, UPD_DATA_LENGTH);
        data.writeIntLE(consumed).writeIntLE(window);
        return new SmuxFrame(version, SmuxCommand.UPD, streamId, data);
    }

    /** The value of the length field. */
    public int length() {
        return data.readableBytes();
    }

    /** Bytes this frame occupies on the wire. */
    public int encodedLength() {
        return HEADER_LENGTH + length();
    }

    /** A UPD frame's first field: total bytes the sender of the UPD has consumed on the stream (unsigned). */
    public long updConsumed() {
        requireUpd();
        return data.getUnsignedIntLE(data.readerIndex());
    }

    /** A UPD frame's second field: the receive window the sender of the UPD grants (unsigned). */
    public long updWindow() {
        requireUpd();
        return data.getUnsignedIntLE(data.readerIndex() + 4);
    }

    /** Releases the data buffer. */
    public void release() {
        data.release();
    }

    private void requireUpd() {
        if (command != SmuxCommand.UPD || data.readableBytes() != UPD_DATA_LENGTH) {
            throw new IllegalStateException("not a well-formed UPD frame: " + this);
        }
    }

    @Override
    public String toString() {
        return "SmuxFrame[v" + version + " " + command + " sid=" + Integer.toUnsignedString(streamId)
                + " len=" + data.readableBytes() + "]";
    }
}
