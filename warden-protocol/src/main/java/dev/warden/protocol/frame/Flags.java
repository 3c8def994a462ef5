package dev.warden.protocol.frame;

/** Bits of the ClientMessage Flags field (client-protocol.md §3.3). */
public final class Flags {
    /** First message of a stream: the agent sets it on its sequence-0 message. */
    public static final long SYN = 1L;
    /** Last message of a stream. */
    public static final long FIN = 2L;
    /** What acknowledge and other non-stream messages carry. */
    public static final long SYN_FIN = SYN | FIN;

    private Flags() {
    }
}
