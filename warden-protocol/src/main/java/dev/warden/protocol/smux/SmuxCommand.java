package dev.warden.protocol.smux;

import java.util.Optional;

/**
 * The command byte of an smux frame (client-protocol.md §6.5). Codes are fixed by xtaci/smux; UPD exists
 * only in protocol version 2, where it carries the per-stream window update.
 */
public enum SmuxCommand {
    /** Opens a stream; no data. */
    SYN(0, 1),
    /** Closes a stream: the sender will send no more data and has forgotten the stream; no data. */
    FIN(1, 1),
    /** Stream data, at most the sender's MaxFrameSize bytes. */
    PSH(2, 1),
    /** Keep-alive, always on stream 0; no data. */
    NOP(3, 1),
    /** Window update (version 2 only): consumed u32 LE | window u32 LE. */
    UPD(4, 2);

    private static final SmuxCommand[] BY_CODE = values();

    private final int code;
    private final int minVersion;

    SmuxCommand(int code, int minVersion) {
        this.code = code;
        this.minVersion = minVersion;
    }

    /** The byte on the wire. */
    public int code() {
        return code;
    }

    /** Whether a frame of protocol {@code version} may carry this command. */
    public boolean validIn(int version) {
        return version >= minVersion;
    }

    /** The command for a wire code, or empty for codes smux does not define. */
    public static Optional<SmuxCommand> fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
    }
}
