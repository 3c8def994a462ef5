package dev.warden.governance.prefs;

import dev.warden.governance.aws.AccountRegion;
import java.util.List;
import java.util.Optional;

/** The preference audit of one account × region, or why it could not be done. */
public record PreferenceReport(AccountRegion pair, Optional<String> error, List<DocumentAudit> documents) {

    public PreferenceReport {
        documents = List.copyOf(documents);
    }
}
