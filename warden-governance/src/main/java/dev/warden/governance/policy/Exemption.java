package dev.warden.governance.policy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Break-glass: sessions of a principal (glob with {@code *}) and/or on a target are not terminated until
 * {@link #expires}. At least one of the two is set; a reason or a ticket says why.
 */
public record Exemption(Optional<String> principal, Optional<String> target, Optional<String> reason,
                        Optional<String> ticket, Instant expires) {

    /** True when this exemption names the session's principal and target (ignoring expiry). */
    public boolean covers(String sessionPrincipal, String sessionTarget) {
        return principal.map(p -> glob(p).matcher(sessionPrincipal).matches()).orElse(true)
                && target.map(t -> t.equals(sessionTarget)).orElse(true);
    }

    public boolean isActiveAt(Instant now) {
        return now.isBefore(expires);
    }

    /** How findings and the audit trail name this exemption. */
    public String describe() {
        return "exemption(" + principal.map(p -> "principal=" + p).orElse("")
                + (principal.isPresent() && target.isPresent() ? ", " : "")
                + target.map(t -> "target=" + t).orElse("") + ", expires=" + expires + ")";
    }

    /** {@code *} matches any run of characters (including none); everything else literally. */
    private static Pattern glob(String pattern) {
        return Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")));
    }
}
