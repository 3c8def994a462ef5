package dev.warden.protocol.smux;

import dev.warden.protocol.DecodeError;
import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.Decoding;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns an smux byte stream that arrives in arbitrary pieces into frames. Session Manager carries smux
 * inside data-channel messages without regard for frame boundaries, so a frame may be split over many
 * messages and one message may hold many frames.
 *
 * <p>Use: {@link #feed} whatever bytes arrived, then call {@link #poll} until it returns {@code null}
 * (more bytes needed). The caller decides how far to poll, which is how a session stops parsing while its
 * receive buffer is full; fed bytes wait here meanwhile ({@link #bufferedBytes}).
 *
 * <p>The header is validated as soon as its 8 bytes are present and before any memory is set aside for
 * the data, so a hostile length never causes an allocation. Validation is stricter than xtaci/smux
 * (which trusts the length of SYN, FIN and NOP frames and loses framing if it is not zero), because a
 * frame no smux sender writes means the stream is corrupt. The first error is final: every later
 * {@code poll} returns it again.
 *
 * <p>Not thread-safe. The decoder holds buffers: {@link #close()} it when done.
 */
public final class SmuxFrameDecoder implements AutoCloseable {

    private final int version;
    private final int maxFrameSize;
    private final ByteBufAllocator allocator;

    /** Fed bytes not parsed yet, oldest first; each a retained slice the decoder owns. */
    private final ArrayDeque<ByteBuf> input = new ArrayDeque<>();
    private long inputBytes;

    private final byte[] header = new byte[SmuxFrame.HEADER_LENGTH];
    private int headerFilled;
    /** The data of the frame being assembled, allocated once its header has passed validation. */
    private ByteBuf body;
    private SmuxCommand command;
    private int streamId;
    private int length;

    private Decoding<SmuxFrame> failure;
    private boolean closed;

    /**
     * @param version      the only protocol version accepted (smux refuses frames of another version)
     * @param maxFrameSize the largest PSH data length accepted, at most 65535
     * @param allocator    where frame data buffers come from
     */
    public SmuxFrameDecoder(int version, int maxFrameSize, ByteBufAllocator allocator) {
        if (version < 1 || version > 2) {
            throw new IllegalArgumentException("smux protocol version must be 1 or 2: " + version);
        }
        if (maxFrameSize < 1 || maxFrameSize > SmuxFrame.MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("max frame size must be 1..65535: " + maxFrameSize);
        }
        this.version = version;
        this.maxFrameSize = maxFrameSize;
        this.allocator = Objects.requireNonNull(allocator, "allocator");
    }

    /**
     * Queues all readable bytes of {@code chunk} for parsing. The caller keeps its reference to
     * {@code chunk} (the decoder retains what it needs) and finds its reader index at the writer index.
     * Bytes fed after a failure or after {@link #close()} are skipped.
     */
    public void feed(ByteBuf chunk) {
        int readable = chunk.readableBytes();
        if (readable == 0) {
            return;
        }
        if (closed || failure != null) {
            chunk.skipBytes(readable);
            return;
        }
        input.add(chunk.readRetainedSlice(readable));
        inputBytes += readable;
    }

    /**
     * The next frame, the error that ended decoding, or {@code null} when more bytes are needed. A decoded
     * frame's data is a new buffer owned by the caller.
     */
    public Decoding<SmuxFrame> poll() {
        if (failure != null) {
            return failure;
        }
        if (closed) {
            return null;
        }
        if (headerFilled < SmuxFrame.HEADER_LENGTH) {
            fillHeader();
            if (headerFilled < SmuxFrame.HEADER_LENGTH) {
                return null;
            }
            Optional<DecodeError> invalid = validateHeader();
            if (invalid.isPresent()) {
                return fail(invalid.get());
            }
            if (length == 0) {
                return complete(Unpooled.EMPTY_BUFFER);
            }
            body = allocator.buffer(length, length);
        }
        fillBody();
        if (body.writerIndex() < length) {
            return null;
        }
        ByteBuf data = body;
        body = null;
        return complete(data);
    }

    /** Bytes fed but not yet returned as part of a frame (including a partly assembled frame). */
    public long bufferedBytes() {
        return inputBytes + headerFilled + (body == null ? 0 : body.writerIndex());
    }

    /** Whether decoding has stopped on an error. */
    public boolean hasFailed() {
        return failure != null;
    }

    /** Releases every buffer held; later feeds are ignored and polls return {@code null} (or the error). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseHeldBuffers();
    }

    private void fillHeader() {
        while (headerFilled < SmuxFrame.HEADER_LENGTH && !input.isEmpty()) {
            ByteBuf head = input.peek();
            int n = Math.min(SmuxFrame.HEADER_LENGTH - headerFilled, head.readableBytes());
            head.readBytes(header, headerFilled, n);
            headerFilled += n;
            consumed(head, n);
        }
    }

    private void fillBody() {
        while (body.writerIndex() < length && !input.isEmpty()) {
            ByteBuf head = input.peek();
            int n = Math.min(length - body.writerIndex(), head.readableBytes());
            body.writeBytes(head, n);
            consumed(head, n);
        }
    }

    private void consumed(ByteBuf head, int n) {
        inputBytes -= n;
        if (!head.isReadable()) {
            input.poll().release();
        }
    }

    private Optional<DecodeError> validateHeader() {
        int frameVersion = header[0] & 0xFF;
        int code = header[1] & 0xFF;
        length = (header[2] & 0xFF) | (header[3] & 0xFF) << 8;
        streamId = (header[4] & 0xFF) | (header[5] & 0xFF) << 8 | (header[6] & 0xFF) << 16 | (header[7] & 0xFF) << 24;
        if (frameVersion != version) {
            return error(Kind.BAD_VERSION, "frame has protocol version " + frameVersion + ", the session speaks " + version);
        }
        Optional<SmuxCommand> known = SmuxCommand.fromCode(code);
        if (known.isEmpty()) {
            return error(Kind.BAD_COMMAND, "unknown command " + code);
        }
        command = known.get();
        if (!command.validIn(version)) {
            return error(Kind.BAD_COMMAND, command + " is not a command of protocol version " + version);
        }
        switch (command) {
            case UPD -> {
                if (length != SmuxFrame.UPD_DATA_LENGTH) {
                    return error(Kind.LENGTH_MISMATCH, "UPD frame declares " + length + " data bytes, it must carry 8");
                }
            }
            case PSH -> {
                if (length > maxFrameSize) {
                    return error(Kind.TOO_LARGE, "PSH frame declares " + length
                            + " data bytes, more than the maximum frame size " + maxFrameSize);
                }
            }
            default -> {
                if (length != 0) {
                    return error(Kind.LENGTH_MISMATCH, command + " frame declares " + length + " data bytes, it carries none");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<DecodeError> error(Kind kind, String detail) {
        return Optional.of(DecodeError.of(kind, detail));
    }

    private Decoding<SmuxFrame> complete(ByteBuf data) {
        headerFilled = 0;
        return Decoding.ok(new SmuxFrame(version, command, streamId, data));
    }

    private Decoding<SmuxFrame> fail(DecodeError error) {
        failure = new Decoding.Failed<>(error);
        // Nothing after a corrupt header can be framed again: drop it now rather than hold it.
        releaseHeldBuffers();
        return failure;
    }

    private void releaseHeldBuffers() {
        for (ByteBuf buf : input) {
            buf.release();
        }
        input.clear();
        inputBytes = 0;
        if (body != null) {
            body.release();
            body = null;
        }
        headerFilled = 0;
    }
}
