package dev.warden.sandbox.shell;

import java.util.Arrays;

/**
 * Splits a byte stream into chunks that never end inside a UTF-8 sequence, the way the agent's
 * {@code processStdoutData} does: bytes that look like the start of a sequence that has not fully
 * arrived, and that sit in the last three bytes of what has been read so far, are held back and put in
 * front of the next read. Invalid bytes anywhere else pass through unchanged, so the bytes that leave
 * are always exactly the bytes that came in, in order; only the chunk boundaries move.
 *
 * <p>Because at most three bytes are carried, a chunk is at most three bytes longer than the read that
 * completed it (1027 bytes for the agent's 1024-byte reads).
 *
 * <p>One deliberate difference: the agent (Go) also holds back a well-formed U+FFFD in the last three
 * bytes, because it cannot tell it from a decoding error; this class recognises it as complete.
 *
 * <p>Not thread-safe: one instance belongs to one reading thread.
 */
final class Utf8Carry {

    /** The longest UTF-8 sequence; an incomplete one is therefore at most this minus one byte long. */
    private static final int MAX_SEQUENCE_LENGTH = 4;
    private static final byte[] NONE = new byte[0];

    private byte[] carried = NONE;

    /**
     * Takes freshly read bytes and returns what can be sent now: the carried bytes, then the new ones,
     * minus a trailing incomplete sequence, which is carried to the next call. May return an empty array.
     */
    byte[] accept(byte[] data, int offset, int length) {
        byte[] pending = new byte[carried.length + length];
        System.arraycopy(carried, 0, pending, 0, carried.length);
        System.arraycopy(data, offset, pending, carried.length, length);

        int sendable = 0;
        while (sendable < pending.length) {
            int sequence = completeSequenceLength(pending, sendable);
            if (sequence > 0) {
                sendable += sequence;
            } else if (pending.length - sendable < MAX_SEQUENCE_LENGTH) {
                // Might be the start of a character whose remaining bytes are still on their way.
                break;
            } else {
                // Cannot become valid any more: pass the offending byte through, as the agent does.
                sendable += 1;
            }
        }
        carried = Arrays.copyOfRange(pending, sendable, pending.length);
        return sendable == pending.length ? pending : Arrays.copyOf(pending, sendable);
    }

    /** Returns the bytes still held back (at end of stream nothing more will complete them) and forgets them. */
    byte[] drain() {
        byte[] rest = carried;
        carried = NONE;
        return rest;
    }

    /** Bytes currently held back; for tests. */
    int carriedLength() {
        return carried.length;
    }

    /**
     * Length of the well-formed UTF-8 sequence starting at {@code start} (RFC 3629: no overlong forms,
     * no surrogates, nothing above U+10FFFF), or 0 if the bytes there are invalid or incomplete.
     */
    static int completeSequenceLength(byte[] bytes, int start) {
        int lead = bytes[start] & 0xFF;
        if (lead < 0x80) {
            return 1;
        }
        int length;
        int secondLow = 0x80;
        int secondHigh = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                secondLow = 0xA0; // below is an overlong encoding
            } else if (lead == 0xED) {
                secondHigh = 0x9F; // above are UTF-16 surrogates
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                secondLow = 0x90; // below is an overlong encoding
            } else if (lead == 0xF4) {
                secondHigh = 0x8F; // above is beyond U+10FFFF
            }
        } else {
            return 0;
        }
        if (start + length > bytes.length) {
            return 0;
        }
        int second = bytes[start + 1] & 0xFF;
        if (second < secondLow || second > secondHigh) {
            return 0;
        }
        for (int i = 2; i < length; i++) {
            int continuation = bytes[start + i] & 0xFF;
            if (continuation < 0x80 || continuation > 0xBF) {
                return 0;
            }
        }
        return length;
    }
}
