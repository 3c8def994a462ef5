package dev.warden.governance.prefs;

import java.util.List;
import java.util.Optional;

/**
 * One Session document checked: its findings and, with {@code --remediate}, what was changed.
 */
public record DocumentAudit(String document, String version, List<PreferenceFinding> findings,
                            Optional<Remediation> remediation) {

    public DocumentAudit {
        findings = List.copyOf(findings);
    }

    /**
     * A remediation: the inputs before and after (JSON), the version written and made default, or the error.
     */
    public record Remediation(String fromVersion, Optional<String> toVersion, String before, String after,
                              Optional<String> error) {
    }
}
