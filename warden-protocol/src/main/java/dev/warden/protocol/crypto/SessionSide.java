package dev.warden.protocol.crypto;

import dev.warden.protocol.frame.PayloadType;

/**
 * Which end of the data channel a {@link SessionCipher} serves, and so which payload types it encrypts and
 * decrypts (client-protocol.md §5.3, agent-side.md §8): the client encrypts only Output and decrypts
 * Output, StdErr and ExitCode; the agent encrypts those three and decrypts only Output. Size, Flag and the
 * handshake payloads always travel in clear.
 */
public enum SessionSide {

    CLIENT {
        @Override
        public boolean encryptsOutgoing(int payloadType) {
            return payloadType == PayloadType.OUTPUT.code();
        }

        @Override
        public boolean decryptsIncoming(int payloadType) {
            return isStreamOutput(payloadType);
        }
    },

    AGENT {
        @Override
        public boolean encryptsOutgoing(int payloadType) {
            return isStreamOutput(payloadType);
        }

        @Override
        public boolean decryptsIncoming(int payloadType) {
            return payloadType == PayloadType.OUTPUT.code();
        }
    };

    /** Whether this side encrypts a payload of this type before sending it. */
    public abstract boolean encryptsOutgoing(int payloadType);

    /** Whether this side decrypts a received payload of this type. */
    public abstract boolean decryptsIncoming(int payloadType);

    private static boolean isStreamOutput(int payloadType) {
        return payloadType == PayloadType.OUTPUT.code()
                || payloadType == PayloadType.STDERR.code()
                || payloadType == PayloadType.EXIT_CODE.code();
    }
}
