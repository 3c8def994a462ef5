package dev.warden.protocol.channel;

/**
 * A monotonic nanosecond clock, as {@link System#nanoTime()}. Values have no fixed origin and may be negative or
 * wrap around; only differences are meaningful, so every comparison in this package subtracts first.
 *
 * <p>Tests inject a ticker they advance by hand, so no test waits for real time.
 */
@FunctionalInterface
public interface Ticker {

    long nanoTime();

    /** The system's monotonic clock. */
    static Ticker system() {
        return System::nanoTime;
    }
}
