package dev.warden.sandbox.ssm;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque NextTokens. A token names the listing it belongs to and the offset of the next page; a token from
 * another listing, or anything that is not a token, is {@code InvalidNextToken}.
 */
final class PageTokens {

    private PageTokens() {
    }

    static String encode(String listing, int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1|" + listing + "|" + offset).getBytes(StandardCharsets.UTF_8));
    }

    static int decode(String token, String listing) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = text.split("\\|");
            if (parts.length == 3 && parts[0].equals("v1") && parts[1].equals(listing)) {
                int offset = Integer.parseInt(parts[2]);
                if (offset > 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // not a token of ours; reported below
        }
        throw SsmErrors.invalidNextToken();
    }
}
