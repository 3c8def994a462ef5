package dev.warden.protocol.payload;

import java.util.Optional;

/** The {@code ActionStatus} of a processed handshake action. The agent treats anything but 1 as failure. */
public enum ActionStatus {

    SUCCESS(1),
    FAILED(2),
    UNSUPPORTED(3);

    private final int code;

    ActionStatus(int code) {
        this.code = code;
    }

    /** The value on the wire. */
    public int code() {
        return code;
    }

    /** The status for a wire value, or empty for values no peer defines (such as the official client's 0). */
    public static Optional<ActionStatus> fromCode(int code) {
        for (ActionStatus status : values()) {
            if (status.code == code) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
