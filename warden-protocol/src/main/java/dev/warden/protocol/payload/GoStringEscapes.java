package dev.warden.protocol.payload;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Escapes strings the way Go's {@code json.Marshal} does, which both official peers use for every payload:
 * {@code <}, {@code >} and {@code &} are written as six-character {@code &#92;u00XX} escapes; U+2028 and
 * U+2029 are escaped; control characters other than newline, carriage return and tab are written as
 * {@code &#92;u00XX} with lower-case hex. Jackson's defaults differ (upper-case hex, short escapes for
 * backspace and form feed, no HTML escaping), and a payload's digest covers its exact bytes.
 *
 * <p>Backspace and form feed follow Go before 1.22 (the toolchain of the reference client, 1.2.677.0), which
 * writes them as {@code &#92;u0008} and {@code &#92;u000c}; newer Go writes the short forms. Both decode to
 * the same string.
 */
final class GoStringEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    private static final int[] ASCII_ESCAPES = standardAsciiEscapesForJSON();
    private static final SerializableString[] ASCII_SEQUENCES = new SerializableString[128];
    private static final SerializableString LINE_SEPARATOR = new SerializedString("\\u2028");
    private static final SerializableString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");

    static {
        for (int c = 0; c < 0x20; c++) {
            if (c != '\n' && c != '\r' && c != '\t') {
                custom(c);
            }
        }
        custom('<');
        custom('>');
        custom('&');
    }

    private static void custom(int c) {
        ASCII_ESCAPES[c] = ESCAPE_CUSTOM;
        ASCII_SEQUENCES[c] = new SerializedString(String.format("\\u%04x", c));
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII_ESCAPES.clone();
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch < ASCII_SEQUENCES.length) {
            return ASCII_SEQUENCES[ch];
        }
        if (ch == 0x2028) {
            return LINE_SEPARATOR;
        }
        if (ch == 0x2029) {
            return PARAGRAPH_SEPARATOR;
        }
        return null;
    }
}
