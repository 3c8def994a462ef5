package dev.warden.protocol.payload;

import dev.warden.protocol.DecodeError.Kind;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.frame.PayloadType;

import java.nio.charset.StandardCharsets;

/**
 * The ExitCode payload (PayloadType 12, agent to client): the text {@code EXIT_CODE: <n>}, which the agent
 * sends after a NonInteractiveCommands process with separate output streams ends; the only exit-code signal
 * in the protocol (agent-side.md §5.5). The number is Go's decimal form of an {@code int}: optional minus,
 * no leading zeros.
 */
public record ExitCode(int code) implements StreamPayload {

    private static final String PREFIX = "EXIT_CODE: ";

    @Override
    public PayloadType payloadType() {
        return PayloadType.EXIT_CODE;
    }

    @Override
    public byte[] encode() {
        return (PREFIX + code).getBytes(StandardCharsets.US_ASCII);
    }

    public static Decoding<ExitCode> decode(byte[] payload) {
        int prefixLength = PREFIX.length();
        if (payload.length <= prefixLength
                || !new String(payload, 0, prefixLength, StandardCharsets.ISO_8859_1).equals(PREFIX)) {
            return Decoding.failed(Kind.BAD_PAYLOAD,
                    "ExitCode payload does not start with '" + PREFIX + "' followed by a number");
        }
        String number = new String(payload, prefixLength, payload.length - prefixLength, StandardCharsets.ISO_8859_1);
        if (!isGoDecimal(number)) {
            return Decoding.failed(Kind.BAD_PAYLOAD,
                    "ExitCode payload does not end in a decimal integer without leading zeros");
        }
        try {
            return Decoding.ok(new ExitCode(Integer.parseInt(number)));
        } catch (NumberFormatException e) {
            return Decoding.failed(Kind.BAD_PAYLOAD,
                    "ExitCode payload holds a number outside the 32-bit range");
        }
    }

    /** What Go's {@code strconv.Itoa} can produce: "0", or an optional '-' and digits not starting with 0. */
    private static boolean isGoDecimal(String number) {
        int start = number.startsWith("-") ? 1 : 0;
        if (start == number.length()) {
            return false;
        }
        for (int i = start; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        boolean leadingZero = number.charAt(start) == '0' && number.length() > start + 1;
        boolean negativeZero = start == 1 && number.charAt(1) == '0';
        return !leadingZero && !negativeZero;
    }
}
