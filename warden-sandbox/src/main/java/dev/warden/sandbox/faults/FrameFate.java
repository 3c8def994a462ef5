package dev.warden.sandbox.faults;

/** What the fault injector does with one frame. */
public enum FrameFate {
    /** Passed on unchanged. */
    DELIVER,
    /** Lost, as on a broken link; the sender's retransmission must recover it. */
    DROP,
    /** Passed on twice; the receiver must recognise the copy. */
    DUPLICATE,
    /** Held back and passed on after the next frame. */
    REORDER
}
