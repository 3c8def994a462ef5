package dev.warden.sandbox.ssm.document;

import dev.warden.sandbox.auth.SigV4Signature;
import dev.warden.sandbox.ssm.SsmErrors;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SSM documents: AWS-owned ones and the account's own, with versions, default versions and tags.
 * Thread-safe (all methods synchronized; documents are immutable values replaced on change).
 */
public final class DocumentStore {

    /** AWS keeps at most 1,000 versions of a document. */
    private static final int MAX_VERSIONS = 1000;

    private final Clock clock;
    private final Map<String, StoredDocument> documents = new TreeMap<>();

    public DocumentStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public synchronized Optional<StoredDocument> find(String name) {
        return Optional.ofNullable(documents.get(name));
    }

    /** Every document, by name. */
    public synchronized List<StoredDocument> all() {
        List<StoredDocument> list = new ArrayList<>(documents.values());
        list.sort(Comparator.comparing(StoredDocument::name));
        return list;
    }

    /** Adds a document with one version, as CreateDocument does (or at start-up for built-ins). */
    public synchronized StoredDocument create(String name, String owner, String documentType, String targetType,
                                              String content, DocumentFormat format, String versionName,
                                              String displayName, Map<String, String> tags) {
        if (documents.containsKey(name)) {
            throw SsmErrors.of("DocumentAlreadyExists", "Document with same name " + name + " already exists");
        }
        DocumentVersion first = new DocumentVersion(1, content, format, versionName, displayName, clock.instant(),
                hash(content));
        StoredDocument document = new StoredDocument(name, owner, documentType, targetType, List.of(first), 1, tags);
        documents.put(name, document);
        return document;
    }

    /**
     * Adds a version, as UpdateDocument does. Only the latest version can be updated ({@code $LATEST} or its
     * number); identical content is {@code DuplicateDocumentContent}; AWS-owned documents cannot be updated.
     */
    public synchronized StoredDocument addVersion(String name, String requestedVersion, String content,
                                                  DocumentFormat format, String versionName, String displayName) {
        StoredDocument document = require(name);
        if (document.isAwsOwned()) {
            throw SsmErrors.of("InvalidDocumentOperation", "You can't update the document " + name
                    + " because it is owned by Amazon.");
        }
        DocumentVersion latest = document.latest();
        if (requestedVersion != null && !requestedVersion.equals("$LATEST")
                && !requestedVersion.equals(Integer.toString(latest.number()))) {
            throw SsmErrors.invalidDocumentVersion("Only the latest version of a document can be updated: use"
                    + " $LATEST or " + latest.number() + ".");
        }
        String newHash = hash(content);
        if (document.versions().stream().anyMatch(v -> v.hash().equals(newHash))) {
            throw SsmErrors.of("DuplicateDocumentContent", "The content of the association document matches another"
                    + " document. Change the content of the document and try again.");
        }
        if (versionName != null && document.versions().stream().anyMatch(v -> versionName.equals(v.versionName()))) {
            throw SsmErrors.of("DuplicateDocumentVersionName", "The version name " + versionName
                    + " is already used by another version of " + name + ".");
        }
        if (document.versions().size() >= MAX_VERSIONS) {
            throw SsmErrors.of("DocumentVersionLimitExceeded", "The document has reached the maximum of "
                    + MAX_VERSIONS + " versions.");
        }
        List<DocumentVersion> versions = new ArrayList<>(document.versions());
        versions.add(new DocumentVersion(latest.number() + 1, content, format, versionName,
                displayName != null ? displayName : latest.displayName(), clock.instant(), newHash));
        StoredDocument updated = document.withVersions(versions);
        documents.put(name, updated);
        return updated;
    }

    /** UpdateDocumentDefaultVersion. */
    public synchronized StoredDocument setDefaultVersion(String name, int version) {
        StoredDocument document = require(name);
        if (document.version(version).isEmpty()) {
            throw SsmErrors.invalidDocumentVersion("The document " + name + " has no version " + version + ".");
        }
        StoredDocument updated = document.withDefaultVersion(version);
        documents.put(name, updated);
        return updated;
    }

    public synchronized StoredDocument addTags(String name, Map<String, String> tags) {
        StoredDocument document = require(name);
        Map<String, String> merged = new LinkedHashMap<>(document.tags());
        merged.putAll(tags);
        StoredDocument updated = document.withTags(merged);
        documents.put(name, updated);
        return updated;
    }

    public synchronized StoredDocument removeTags(String name, Collection<String> keys) {
        StoredDocument document = require(name);
        Map<String, String> remaining = new LinkedHashMap<>(document.tags());
        keys.forEach(remaining::remove);
        StoredDocument updated = document.withTags(remaining);
        documents.put(name, updated);
        return updated;
    }

    private StoredDocument require(String name) {
        StoredDocument document = documents.get(name);
        if (document == null) {
            throw SsmErrors.documentDoesNotExist(name);
        }
        return document;
    }

    private static String hash(String content) {
        return SigV4Signature.sha256Hex(content.getBytes(StandardCharsets.UTF_8));
    }
}
