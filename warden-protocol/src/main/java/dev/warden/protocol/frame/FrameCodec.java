package dev.warden.protocol.frame;

import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.Decoding;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Encodes and decodes the binary ClientMessage frame (client-protocol.md §3.1): one frame per websocket
 * binary message, big-endian integers, a space-padded 32-byte MessageType, the MessageId with its two
 * 8-byte halves swapped, and a SHA-256 digest of the payload.
 *
 * <p>Decoding is strict where the official client is lax (see the "plugin-accepts-questionable" cases of
 * the shared invalid-frame vectors): the HeaderLength must be 116, the PayloadLength must match the bytes
 * present exactly, and the digest is always checked. Every violation is a {@link Decoding.Failed}.
 */
public final class FrameCodec {

    /** The HeaderLength every sender writes: the offset of the PayloadLength field. */
    public static final int HEADER_LENGTH = 116;
    /** Header plus the PayloadLength field: where the payload starts. */
    public static final int FIXED_LENGTH = HEADER_LENGTH + 4;
    /** Width of the MessageType field. */
    public static final int MESSAGE_TYPE_LENGTH = 32;
    /** Width of the PayloadDigest field. */
    public static final int DIGEST_LENGTH = 32;

    private static final int MESSAGE_TYPE_OFFSET = 4;
    private static final int SCHEMA_VERSION_OFFSET = 36;
    private static final int CREATED_DATE_OFFSET = 40;
    private static final int SEQUENCE_NUMBER_OFFSET = 48;
    private static final int FLAGS_OFFSET = 56;
    private static final int MESSAGE_ID_OFFSET = 64;
    private static final int DIGEST_OFFSET = 80;
    private static final int PAYLOAD_TYPE_OFFSET = 112;
    private static final int PAYLOAD_LENGTH_OFFSET = 116;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(FrameCodec::newSha256);

    private FrameCodec() {
    }

    /** Encodes {@code message} into a new buffer from {@code allocator}. The caller owns the buffer. */
    public static ByteBuf encode(ClientMessage message, ByteBufAllocator allocator) {
        ByteBuf out = allocator.buffer(message.encodedLength());
        encode(message, out);
        return out;
    }

    /** Encodes {@code message} into a new byte array. */
    public static byte[] encodeToArray(ClientMessage message) {
        byte[] out = new byte[message.encodedLength()];
        ByteBuf wrapped = io.netty.buffer.Unpooled.wrappedBuffer(out);
        wrapped.writerIndex(0);
        encode(message, wrapped);
        return out;
    }

    /** Appends the encoding of {@code message} to {@code out}. */
    public static void encode(ClientMessage message, ByteBuf out) {
        byte[] payload = message.payload();
        out.ensureWritable(FIXED_LENGTH + payload.length);
        out.writeInt(HEADER_LENGTH);
        writeMessageType(message.messageType(), out);
        out.writeInt(message.schemaVersion());
        out.writeLong(message.createdDate());
        out.writeLong(message.sequenceNumber());
        out.writeLong(message.flags());
        UUID id = message.messageId();
        out.writeLong(id.getLeastSignificantBits());
        out.writeLong(id.getMostSignificantBits());
        out.writeBytes(sha256(payload));
        out.writeInt(message.payloadType());
        out.writeInt(payload.length);
        out.writeBytes(payload);
    }

    /**
     * Decodes one whole websocket binary message. Reads all readable bytes of {@code in} on success and
     * leaves its reader index untouched on failure.
     */
    public static Decoding<ClientMessage> decode(ByteBuf in) {
        int start = in.readerIndex();
        int length = in.readableBytes();
        if (length < FIXED_LENGTH) {
            return Decoding.failed(Kind.TRUNCATED,
                    "frame has " + length + " bytes, the header alone needs " + FIXED_LENGTH);
        }
        long headerLength = in.getUnsignedInt(start);
        if (headerLength != HEADER_LENGTH) {
            return Decoding.failed(Kind.BAD_HEADER_LENGTH,
                    "HeaderLength is " + headerLength + ", expected " + HEADER_LENGTH);
        }
        long payloadLength = in.getUnsignedInt(start + PAYLOAD_LENGTH_OFFSET);
        int present = length - FIXED_LENGTH;
        if (payloadLength != present) {
            return Decoding.failed(Kind.LENGTH_MISMATCH,
                    "PayloadLength is " + payloadLength + " but " + present + " payload bytes are present");
        }
        String messageType = readMessageType(in, start + MESSAGE_TYPE_OFFSET);
        if (messageType == null) {
            return Decoding.failed(Kind.BAD_MESSAGE_TYPE, "MessageType is blank or not printable ASCII");
        }
        long createdDate = in.getLong(start + CREATED_DATE_OFFSET);
        long sequenceNumber = in.getLong(start + SEQUENCE_NUMBER_OFFSET);
        byte[] payload = new byte[present];
        in.getBytes(start + FIXED_LENGTH, payload);

        // Publication control messages are never validated by either official peer; they carry no data.
        if (!MessageTypes.isPublicationControl(messageType)) {
            if (createdDate == 0) {
                return Decoding.failed(Kind.ZERO_CREATED_DATE, "CreatedDate is 0 in a " + messageType + " frame");
            }
            if (sequenceNumber < 0) {
                return Decoding.failed(Kind.NEGATIVE_SEQUENCE_NUMBER, "SequenceNumber is " + sequenceNumber);
            }
            byte[] digest = sha256(payload);
            for (int i = 0; i < DIGEST_LENGTH; i++) {
                if (digest[i] != in.getByte(start + DIGEST_OFFSET + i)) {
                    return Decoding.failed(Kind.DIGEST_MISMATCH,
                            "PayloadDigest is not the SHA-256 of the " + present + "-byte payload");
                }
            }
        }
        long lsb = in.getLong(start + MESSAGE_ID_OFFSET);
        long msb = in.getLong(start + MESSAGE_ID_OFFSET + 8);
        ClientMessage message = new ClientMessage(
                messageType,
                in.getInt(start + SCHEMA_VERSION_OFFSET),
                createdDate,
                sequenceNumber,
                in.getLong(start + FLAGS_OFFSET),
                new UUID(msb, lsb),
                in.getInt(start + PAYLOAD_TYPE_OFFSET),
                payload);
        in.skipBytes(length);
        return Decoding.ok(message);
    }

    /** Decodes a whole websocket binary message held in an array. */
    public static Decoding<ClientMessage> decode(byte[] frame) {
        return decode(io.netty.buffer.Unpooled.wrappedBuffer(frame));
    }

    /** SHA-256 of {@code bytes}, as the PayloadDigest field holds it. */
    public static byte[] sha256(byte[] bytes) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest.digest(bytes);
    }

    private static void writeMessageType(String messageType, ByteBuf out) {
        int length = messageType.length();
        if (length == 0 || length > MESSAGE_TYPE_LENGTH) {
            throw new IllegalArgumentException("MessageType must have 1 to 32 characters: '" + messageType + "'");
        }
        for (int i = 0; i < length; i++) {
            char c = messageType.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException("MessageType must be printable ASCII: '" + messageType + "'");
            }
            out.writeByte(c);
        }
        for (int i = length; i < MESSAGE_TYPE_LENGTH; i++) {
            out.writeByte(' ');
        }
    }

    /**
     * Reads the MessageType field the way the official client does: NULs and whitespace are trimmed at
     * both ends, so space- and NUL-padding are both accepted. Returns null for a blank field or for bytes
     * outside printable ASCII inside the name.
     */
    private static String readMessageType(ByteBuf in, int offset) {
        int from = 0;
        int to = MESSAGE_TYPE_LENGTH;
        while (from < to && isPadding(in.getByte(offset + from))) {
            from++;
        }
        while (to > from && isPadding(in.getByte(offset + to - 1))) {
            to--;
        }
        if (from == to) {
            return null;
        }
        char[] chars = new char[to - from];
        for (int i = from; i < to; i++) {
            byte b = in.getByte(offset + i);
            if (b <= ' ' || b > '~') {
                return null;
            }
            chars[i - from] = (char) b;
        }
        return new String(chars);
    }

    private static boolean isPadding(byte b) {
        return b == 0 || b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
