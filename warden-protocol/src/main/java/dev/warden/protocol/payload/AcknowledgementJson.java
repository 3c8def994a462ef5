package dev.warden.protocol.payload;

import java.nio.charset.StandardCharsets;

/**
 * The canonical acknowledge payload, written and read without the JSON mapper: every stream message costs one
 * acknowledgement each way, and the general mapper took about a fifth of an end-to-end session's processor
 * time. Only the exact form both official peers write is handled here (four keys in order, no spaces, plain
 * printable ASCII strings that need no escaping); for anything else these methods return null and the caller
 * uses {@link PayloadJson}, so results never differ from the mapper's.
 */
final class AcknowledgementJson {

    private static final byte[] TYPE = bytes("{\"" + Acknowledgement.TYPE_KEY + "\":\"");
    private static final byte[] ID = bytes("\",\"" + Acknowledgement.ID_KEY + "\":\"");
    private static final byte[] SEQUENCE_NUMBER = bytes("\",\"" + Acknowledgement.SEQUENCE_NUMBER_KEY + "\":");
    private static final byte[] SEQUENTIAL = bytes(",\"" + Acknowledgement.SEQUENTIAL_KEY + "\":");
    private static final byte[] TRUE_END = bytes("true}");
    private static final byte[] FALSE_END = bytes("false}");

    private AcknowledgementJson() {
    }

    /** The payload bytes, or null when a string needs escaping (the mapper writes Go's escapes). */
    static byte[] write(Acknowledgement ack) {
        String type = ack.acknowledgedMessageType();
        String id = ack.acknowledgedMessageId();
        if (!isPlain(type) || !isPlain(id)) {
            return null;
        }
        return ("{\"" + Acknowledgement.TYPE_KEY + "\":\"" + type
                + "\",\"" + Acknowledgement.ID_KEY + "\":\"" + id
                + "\",\"" + Acknowledgement.SEQUENCE_NUMBER_KEY + "\":" + ack.acknowledgedSequenceNumber()
                + ",\"" + Acknowledgement.SEQUENTIAL_KEY + "\":" + ack.sequential() + "}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The acknowledgement in {@code payload} if it is exactly in the canonical form, otherwise null. */
    static Acknowledgement read(byte[] payload) {
        Cursor in = new Cursor(payload);
        if (!in.expect(TYPE)) {
            return null;
        }
        String type = in.plainString();
        if (type == null || !in.expect(ID)) {
            return null;
        }
        String id = in.plainString();
        if (id == null || !in.expect(SEQUENCE_NUMBER)) {
            return null;
        }
        Long sequenceNumber = in.integer();
        if (sequenceNumber == null || !in.expect(SEQUENTIAL)) {
            return null;
        }
        boolean sequential;
        if (in.expect(TRUE_END)) {
            sequential = true;
        } else if (in.expect(FALSE_END)) {
            sequential = false;
        } else {
            return null;
        }
        return in.atEnd() ? new Acknowledgement(type, id, sequenceNumber, sequential) : null;
    }

    /** Printable ASCII that the mapper writes as it is (Go escapes {@code < > &} too). */
    private static boolean isPlain(char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
    }

    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isPlain(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static final class Cursor {
        private final byte[] bytes;
        private int position;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean expect(byte[] literal) {
            if (bytes.length - position < literal.length) {
                return false;
            }
            for (int i = 0; i < literal.length; i++) {
                if (bytes[position + i] != literal[i]) {
                    return false;
                }
            }
            position += literal.length;
            return true;
        }

        /** Plain characters up to the closing quote, which is left for the next literal; null otherwise. */
        String plainString() {
            int start = position;
            while (position < bytes.length && bytes[position] != '"') {
                if (!isPlain((char) bytes[position])) {
                    return null;
                }
                position++;
            }
            return position < bytes.length ? new String(bytes, start, position - start, StandardCharsets.US_ASCII)
                    : null;
        }

        /** A JSON integer without leading zeros that fits in a long; null otherwise. */
        Long integer() {
            boolean negative = position < bytes.length && bytes[position] == '-';
            int start = negative ? position + 1 : position;
            int end = start;
            while (end < bytes.length && bytes[end] >= '0' && bytes[end] <= '9') {
                end++;
            }
            int digits = end - start;
            if (digits == 0 || digits > 18 || (digits > 1 && bytes[start] == '0')) {
                return null; // 19 digits may not fit: the mapper decides
            }
            long value = 0;
            for (int i = start; i < end; i++) {
                value = value * 10 + (bytes[i] - '0');
            }
            position = end;
            return negative ? -value : value;
        }

        boolean atEnd() {
            return position == bytes.length;
        }
    }
}
