package dev.warden.protocol.version;

import java.util.OptionalLong;

/**
 * Parses a decimal integer exactly as Go's {@code strconv.Atoi} does on a 64-bit platform, which both
 * official peers use for every version component: an optional {@code +} or {@code -} sign, then one or
 * more ASCII digits, and a value that fits a signed 64-bit integer. Java's {@code Long.parseLong} is not a
 * substitute: it also accepts non-ASCII digits, which Go rejects.
 */
final class GoIntegers {

    private GoIntegers() {
    }

    /** The value of {@code text}, or empty when Go's Atoi would return an error. */
    static OptionalLong atoi(String text) {
        int length = text.length();
        int start = 0;
        boolean negative = false;
        if (length > 0 && (text.charAt(0) == '+' || text.charAt(0) == '-')) {
            negative = text.charAt(0) == '-';
            start = 1;
        }
        if (start == length) {
            return OptionalLong.empty();
        }
        // Accumulate negatively so that Long.MIN_VALUE, whose magnitude has no positive long, parses.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long value = 0;
        for (int i = start; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
            int digit = c - '0';
            if (value < limit / 10 || value * 10 < limit + digit) {
                return OptionalLong.empty();
            }
            value = value * 10 - digit;
        }
        return OptionalLong.of(negative ? value : -value);
    }
}
