package dev.warden.governance.prefs;

import dev.warden.governance.aws.AccountRegion;
import java.util.List;
import java.util.Optional;

/** The preference audit of one account × region (the preferences, custom documents, tier documents), or why not. */
public record PreferenceReport(AccountRegion pair, Optional<String> error, List<DocumentAudit> documents,
                               List<TierDocument> tierDocuments) {

    public PreferenceReport {
        documents = List.copyOf(documents);
        tierDocuments = List.copyOf(tierDocuments);
    }
}
