package dev.warden.sandbox.dataplane;

import dev.warden.protocol.frame.FrameCodec;
import dev.warden.protocol.frame.MessageTypes;
import io.netty.buffer.ByteBuf;

/**
 * A glance at a frame's MessageType without decoding it, as the service needs to tell stream data (which counts
 * as activity and against the frame-rate cap) from acknowledgements. Malformed frames simply are not stream data.
 */
final class FramePeek {

    private static final int TYPE_OFFSET = 4;

    private FramePeek() {
    }

    /** Whether {@code frame} claims to be an {@code input_stream_data} or {@code output_stream_data} message. */
    static boolean isStreamData(byte[] frame) {
        return typeStartsWith(frame, MessageTypes.INPUT_STREAM_DATA) || typeStartsWith(frame, MessageTypes.OUTPUT_STREAM_DATA);
    }

    static boolean isStreamData(ByteBuf frame) {
        if (frame.readableBytes() < FrameCodec.FIXED_LENGTH) {
            return false;
        }
        byte[] head = new byte[TYPE_OFFSET + FrameCodec.MESSAGE_TYPE_LENGTH];
        frame.getBytes(frame.readerIndex(), head);
        return typeStartsWith(head, MessageTypes.INPUT_STREAM_DATA) || typeStartsWith(head, MessageTypes.OUTPUT_STREAM_DATA);
    }

    private static boolean typeStartsWith(byte[] frame, String type) {
        if (frame.length < TYPE_OFFSET + FrameCodec.MESSAGE_TYPE_LENGTH) {
            return false;
        }
        for (int i = 0; i < type.length(); i++) {
            if (frame[TYPE_OFFSET + i] != type.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
