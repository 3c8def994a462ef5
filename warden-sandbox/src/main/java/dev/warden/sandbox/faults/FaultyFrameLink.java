package dev.warden.sandbox.faults;

import dev.warden.sandbox.config.FaultSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One direction of a data channel as a bad network would carry it: frames are lost, duplicated, held back behind
 * the next frame, or delayed, as the live {@link Faults} say. With no fault on, frames pass straight through.
 *
 * <p>Confined to one thread: {@link #send} must be called on the thread of the executor, which also runs delayed
 * deliveries and the release of a held-back frame. A frame held back for reordering waits at most
 * {@link #HOLD_LIMIT} for a successor, so that a quiet channel (a lone acknowledgement) is reordered with nothing
 * and only delayed a little, never stalled.
 */
public final class FaultyFrameLink {

    /** Where frames go after the faults: the websocket, or the session on the far side of the sandbox. */
    public interface Sink {
        void deliver(byte[] frame);

        /** A burst of deliveries is over (delayed and released frames arrive outside the sender's own flush). */
        default void flush() {
        }
    }

    /** Longest a reordered frame waits for the frame it is to follow. */
    static final Duration HOLD_LIMIT = Duration.ofMillis(20);

    private final Faults faults;
    private final FrameDice dice;
    private final ScheduledExecutorService executor;
    private final Sink sink;
    private final boolean delayed;
    private byte[] held;
    private long heldGeneration;

    /**
     * @param delayed whether {@link FaultSettings#agentReplyDelay()} applies to this direction (frames from the
     *                emulated agent)
     */
    public FaultyFrameLink(Faults faults, FrameDice dice, ScheduledExecutorService executor, Sink sink,
                           boolean delayed) {
        this.faults = Objects.requireNonNull(faults, "faults");
        this.dice = Objects.requireNonNull(dice, "dice");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.delayed = delayed;
    }

    /** Passes {@code frame} on, or not, as the faults decide. The array is not modified and may be sent twice. */
    public void send(byte[] frame) {
        FaultSettings settings = faults.current();
        switch (dice.roll(settings)) {
            case DROP -> {
                // lost on the wire
            }
            case DUPLICATE -> {
                pass(frame, settings);
                pass(frame, settings);
                releaseHeld(settings);
            }
            case REORDER -> {
                if (held == null) {
                    hold(frame);
                } else {
                    pass(frame, settings); // two reorders in a row: this one overtakes the held one too
                    releaseHeld(settings);
                }
            }
            default -> {
                pass(frame, settings);
                releaseHeld(settings);
            }
        }
    }

    private void hold(byte[] frame) {
        held = frame;
        long generation = ++heldGeneration;
        executor.schedule(() -> {
            if (held != null && heldGeneration == generation) {
                releaseHeld(faults.current());
                sink.flush();
            }
        }, HOLD_LIMIT.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void releaseHeld(FaultSettings settings) {
        if (held != null) {
            byte[] frame = held;
            held = null;
            pass(frame, settings);
        }
    }

    private void pass(byte[] frame, FaultSettings settings) {
        Duration delay = delayed ? settings.agentReplyDelay() : Duration.ZERO;
        if (delay.isZero() || delay.isNegative()) {
            sink.deliver(frame);
            return;
        }
        executor.schedule(() -> {
            sink.deliver(frame);
            sink.flush();
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
