package dev.warden.protocol.smux;

import dev.warden.protocol.DecodeError;

import java.util.Objects;

/**
 * Why a session closed.
 *
 * @param kind        the category, for code that reacts to it
 * @param detail      for a log line; never contains stream data
 * @param decodeError the decoder's error when {@code kind} is {@link Kind#PROTOCOL_ERROR} from a malformed
 *                    frame; otherwise {@code null}
 * @param cause       the exception when {@code kind} is {@link Kind#LISTENER_FAILED}; otherwise {@code null}
 */
public record SmuxCloseReason(Kind kind, String detail, DecodeError decodeError, Throwable cause) {

    public enum Kind {
        /** {@link SmuxSession#close()} was called. */
        LOCAL_CLOSE,
        /** The owner reported that the underlying transport ended ({@link SmuxSession#onTransportClosed()}). */
        TRANSPORT_CLOSED,
        /** The peer sent a malformed frame or broke the protocol. */
        PROTOCOL_ERROR,
        /** Keep-alive is on and nothing arrived during a whole keep-alive timeout period. */
        KEEPALIVE_TIMEOUT,
        /** The transport kept delivering bytes while asked to pause, beyond {@link SmuxConfig#maxBufferedInput()}. */
        INPUT_OVERFLOW,
        /** A listener callback threw. */
        LISTENER_FAILED
    }

    public SmuxCloseReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    static SmuxCloseReason of(Kind kind, String detail) {
        return new SmuxCloseReason(kind, detail, null, null);
    }

    static SmuxCloseReason malformed(DecodeError error) {
        return new SmuxCloseReason(Kind.PROTOCOL_ERROR, "malformed smux frame: " + error, error, null);
    }

    static SmuxCloseReason listenerFailed(RuntimeException e) {
        return new SmuxCloseReason(Kind.LISTENER_FAILED, "a listener threw " + e.getClass().getName(), null, e);
    }

    @Override
    public String toString() {
        return kind + ": " + detail;
    }
}
