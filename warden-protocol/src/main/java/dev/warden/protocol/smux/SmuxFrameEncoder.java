package dev.warden.protocol.smux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Writes smux frames. The header is little-endian, unlike everything else in the data channel; the
 * length field is the number of data bytes that follow the 8-byte header.
 */
public final class SmuxFrameEncoder {

    private SmuxFrameEncoder() {
    }

    /** Appends {@code frame} to {@code out}; the frame's data reader index is not moved. */
    public static void encode(SmuxFrame frame, ByteBuf out) {
        ByteBuf data = frame.data();
        out.ensureWritable(frame.encodedLength());
        writeHeader(out, frame.version(), frame.command(), data.readableBytes(), frame.streamId());
        out.writeBytes(data, data.readerIndex(), data.readableBytes());
    }

    /** Encodes {@code frame} into a new buffer of exactly its wire length; the caller owns the buffer. */
    public static ByteBuf encode(SmuxFrame frame, ByteBufAllocator allocator) {
        ByteBuf out = allocator.buffer(frame.encodedLength(), frame.encodedLength());
        encode(frame, out);
        return out;
    }

    /** Encodes {@code frame} into a new array. */
    public static byte[] encodeToArray(SmuxFrame frame) {
        byte[] out = new byte[frame.encodedLength()];
        ByteBuf wrapped = io.netty.buffer.Unpooled.wrappedBuffer(out);
        wrapped.writerIndex(0);
        encode(frame, wrapped);
        return out;
    }

    /**
     * Appends a header alone, for callers that append the data themselves (so that a data frame can be
     * written straight from the bytes a stream has queued, without building a {@link SmuxFrame}).
     */
    public static void writeHeader(ByteBuf out, int version, SmuxCommand command, int length, int streamId) {
        if (length < 0 || length > SmuxFrame.MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("length does not fit the 16-bit field: " + length);
        }
        out.writeByte(version);
        out.writeByte(command.code());
        out.writeShortLE(length);
        out.writeIntLE(streamId);
    }
}
