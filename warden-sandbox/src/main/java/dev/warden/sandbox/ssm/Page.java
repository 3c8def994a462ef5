package dev.warden.sandbox.ssm;

import java.util.List;
import java.util.Optional;

/** One page of a listing and the token of the next page, if there is one. */
record Page<T>(List<T> items, Optional<String> nextToken) {

    static <T> Page<T> of(List<T> all, String listing, String token, int maxResults) {
        int offset = PageTokens.decode(token, listing);
        if (offset > all.size()) {
            throw SsmErrors.invalidNextToken();
        }
        int end = Math.min(all.size(), offset + maxResults);
        Optional<String> next = end < all.size() ? Optional.of(PageTokens.encode(listing, end)) : Optional.empty();
        return new Page<>(List.copyOf(all.subList(offset, end)), next);
    }
}
