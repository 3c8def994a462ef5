package dev.warden.sandbox.faults;

import dev.warden.sandbox.config.FaultSettings;
import java.util.SplittableRandom;

/**
 * Decides the fate of frames from the configured probabilities with seeded randomness, so a failing run can be
 * repeated. One per session and direction: the seed is mixed with the session id and the direction, so sessions
 * draw independent sequences and a busy session does not change what happens to a quiet one. Thread-safe.
 */
public final class FrameDice {

    private final SplittableRandom random;

    public FrameDice(long seed, String sessionId, String direction) {
        long mixed = seed * 0x9E3779B97F4A7C15L ^ sessionId.hashCode() * 31L ^ direction.hashCode();
        this.random = new SplittableRandom(mixed);
    }

    /** The fate of the next frame under {@code faults}; DELIVER without drawing when no frame fault is on. */
    public synchronized FrameFate roll(FaultSettings faults) {
        if (faults.dropFrames() == 0 && faults.duplicateFrames() == 0 && faults.reorderFrames() == 0) {
            return FrameFate.DELIVER;
        }
        double r = random.nextDouble();
        if (r < faults.dropFrames()) {
            return FrameFate.DROP;
        }
        r -= faults.dropFrames();
        if (r < faults.duplicateFrames()) {
            return FrameFate.DUPLICATE;
        }
        r -= faults.duplicateFrames();
        if (r < faults.reorderFrames()) {
            return FrameFate.REORDER;
        }
        return FrameFate.DELIVER;
    }
}
