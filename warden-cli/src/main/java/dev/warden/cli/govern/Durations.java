package dev.warden.cli.govern;

import java.time.Duration;

/** Durations as people read them in a table: {@code 1h30m}, {@code 45m}, {@code -12m}. */
final class Durations {

    private Durations() {
    }

    static String format(Duration d) {
        long minutes = d.toMinutes();
        String sign = minutes < 0 ? "-" : "";
        long m = Math.abs(minutes);
        if (m >= 60) {
            return sign + (m / 60) + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
        }
        return sign + m + "m";
    }
}
