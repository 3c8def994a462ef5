package dev.warden.sandbox.faults;

import dev.warden.sandbox.config.FaultSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The faults in force, starting from the configuration and changeable while the sandbox runs (tests turn
 * faults on and off around the step they exercise). Thread-safe: every reader sees one consistent
 * {@link FaultSettings}; a change applies to the next decision of every session. Two settings are read once,
 * when a session or connection starts: the frame-rate cap and the publication-pause schedule (sessions), and
 * the connection deadlines (connections).
 */
public final class Faults {

    private volatile FaultSettings current;

    public Faults(FaultSettings initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /** The settings now. */
    public FaultSettings current() {
        return current;
    }

    /** Replaces every setting. */
    public void set(FaultSettings settings) {
        current = Objects.requireNonNull(settings, "settings");
    }

    /** Back to the configuration's values or any other; a shorthand for {@link #set}. */
    public void reset(FaultSettings settings) {
        set(settings);
    }

    public void dropDataChannelAfter(Duration after) {
        update(f -> new FaultSettings(after, f.closeDataChannelOnCredentialExpiry(), f.agentReplyDelay(),
                f.rejectDataChannel(), f.dropFrames(), f.duplicateFrames(), f.reorderFrames(), f.seed(),
                f.pausePublicationEvery(), f.pausePublicationFor(), f.maxFramesPerSecond()));
    }

    public void closeDataChannelOnCredentialExpiry(boolean close) {
        update(f -> new FaultSettings(f.dropDataChannelAfter(), close, f.agentReplyDelay(), f.rejectDataChannel(),
                f.dropFrames(), f.duplicateFrames(), f.reorderFrames(), f.seed(), f.pausePublicationEvery(),
                f.pausePublicationFor(), f.maxFramesPerSecond()));
    }

    public void agentReplyDelay(Duration delay) {
        update(f -> new FaultSettings(f.dropDataChannelAfter(), f.closeDataChannelOnCredentialExpiry(), delay,
                f.rejectDataChannel(), f.dropFrames(), f.duplicateFrames(), f.reorderFrames(), f.seed(),
                f.pausePublicationEvery(), f.pausePublicationFor(), f.maxFramesPerSecond()));
    }

    public void rejectDataChannel(boolean reject) {
        update(f -> new FaultSettings(f.dropDataChannelAfter(), f.closeDataChannelOnCredentialExpiry(),
                f.agentReplyDelay(), reject, f.dropFrames(), f.duplicateFrames(), f.reorderFrames(), f.seed(),
                f.pausePublicationEvery(), f.pausePublicationFor(), f.maxFramesPerSecond()));
    }

    /** Probabilities (0-1) of losing, duplicating and reordering a frame, and the seed of their randomness. */
    public void frameFaults(double drop, double duplicate, double reorder, long seed) {
        update(f -> new FaultSettings(f.dropDataChannelAfter(), f.closeDataChannelOnCredentialExpiry(),
                f.agentReplyDelay(), f.rejectDataChannel(), drop, duplicate, reorder, seed,
                f.pausePublicationEvery(), f.pausePublicationFor(), f.maxFramesPerSecond()));
    }

    /** Pause publication every {@code every} (null: never) for {@code duration}; read when a session starts. */
    public void pausePublication(Duration every, Duration duration) {
        update(f -> new FaultSettings(f.dropDataChannelAfter(), f.closeDataChannelOnCredentialExpiry(),
                f.agentReplyDelay(), f.rejectDataChannel(), f.dropFrames(), f.duplicateFrames(), f.reorderFrames(),
                f.seed(), every, duration, f.maxFramesPerSecond()));
    }

    /** The per-session, per-direction cap on stream frames per second (0: none); read when a session starts. */
    public void maxFramesPerSecond(int frames) {
        update(f -> new FaultSettings(f.dropDataChannelAfter(), f.closeDataChannelOnCredentialExpiry(),
                f.agentReplyDelay(), f.rejectDataChannel(), f.dropFrames(), f.duplicateFrames(), f.reorderFrames(),
                f.seed(), f.pausePublicationEvery(), f.pausePublicationFor(), frames));
    }

    private synchronized void update(UnaryOperator<FaultSettings> change) {
        current = change.apply(current);
    }
}
