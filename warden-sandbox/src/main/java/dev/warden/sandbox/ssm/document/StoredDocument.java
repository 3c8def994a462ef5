package dev.warden.sandbox.ssm.document;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A document with all its versions, immutable; {@link DocumentStore} replaces it on every change.
 *
 * @param name           the document name
 * @param owner          {@code Amazon} for AWS-owned documents, else the account id
 * @param documentType   e.g. {@code Session} or {@code Command}
 * @param targetType     optional TargetType, or null
 * @param versions       every version, oldest first
 * @param defaultVersion the number of the default version
 * @param tags           the document's tags
 */
public record StoredDocument(String name, String owner, String documentType, String targetType,
                             List<DocumentVersion> versions, int defaultVersion, Map<String, String> tags) {

    public static final String AMAZON = "Amazon";

    public StoredDocument {
        versions = List.copyOf(versions);
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    public boolean isAwsOwned() {
        return AMAZON.equals(owner);
    }

    public DocumentVersion latest() {
        return versions.get(versions.size() - 1);
    }

    public DocumentVersion defaultDocumentVersion() {
        return version(defaultVersion).orElseThrow();
    }

    public Optional<DocumentVersion> version(int number) {
        return number >= 1 && number <= versions.size() ? Optional.of(versions.get(number - 1)) : Optional.empty();
    }

    /** When the document (its first version) was created. */
    public Instant createdDate() {
        return versions.get(0).createdDate();
    }

    StoredDocument withVersions(List<DocumentVersion> newVersions) {
        return new StoredDocument(name, owner, documentType, targetType, newVersions, defaultVersion, tags);
    }

    StoredDocument withDefaultVersion(int number) {
        return new StoredDocument(name, owner, documentType, targetType, versions, number, tags);
    }

    StoredDocument withTags(Map<String, String> newTags) {
        return new StoredDocument(name, owner, documentType, targetType, versions, defaultVersion, newTags);
    }
}
