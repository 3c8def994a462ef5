package dev.warden.protocol.smux;

/**
 * Per-stream events. All methods default to doing nothing. Called on the session's thread; a callback that
 * throws closes the session.
 */
public interface SmuxStreamListener {

    /** New data was appended to the stream's receive buffer; {@link SmuxStream#read()} it when ready. */
    default void onReadable(SmuxStream stream) {
    }

    /**
     * The peer sent FIN: it will send nothing more and has already forgotten the stream (smux has no
     * half-close), so the stream accepts no more writes. Data that arrived before the FIN may still be
     * buffered: read until {@link SmuxStream#isEndOfInput()}, then {@link SmuxStream#close()} the stream.
     */
    default void onFinReceived(SmuxStream stream) {
    }

    /** {@link SmuxStream#isWritable()} changed; a proxy stops or resumes reading its source here. */
    default void onWritabilityChanged(SmuxStream stream) {
    }

    /** The stream is gone: its FIN was sent after {@link SmuxStream#close()}, or the session closed. */
    default void onClosed(SmuxStream stream) {
    }
}
