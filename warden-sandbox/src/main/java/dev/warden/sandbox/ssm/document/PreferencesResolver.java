package dev.warden.sandbox.ssm.document;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.sandbox.session.SessionDocument;
import dev.warden.sandbox.session.SessionPreferences;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out the preferences a new session runs under. A Standard_Stream document carries its own
 * {@code inputs} (a custom shell document overrides the account preferences, as in AWS); every other
 * session type runs under the account's {@code SSM-SessionManagerRunShell}, read at its default version
 * (AWS does not document whether $DEFAULT or $LATEST applies). Values AWS would not accept
 * (idleSessionTimeout outside 1-60, maxSessionDuration outside 1-1440) fall back to the defaults.
 */
public final class PreferencesResolver {

    private static final Logger LOG = LoggerFactory.getLogger(PreferencesResolver.class);

    private final DocumentStore documents;

    public PreferencesResolver(DocumentStore documents) {
        this.documents = documents;
    }

    public SessionPreferences resolve(SessionDocument session) {
        if ("Standard_Stream".equals(session.sessionType())) {
            return fromInputs(session.inputs(), session.name());
        }
        return documents.find(BuiltInDocuments.PREFERENCES)
                .map(doc -> {
                    DocumentVersion v = doc.defaultDocumentVersion();
                    return fromInputs(DocumentContent.parse(v.content(), v.format(), doc.documentType()).inputs(),
                            doc.name());
                })
                .orElseGet(SessionPreferences::defaults);
    }

    private static SessionPreferences fromInputs(JsonNode inputs, String documentName) {
        Duration idle = minutes(inputs, "idleSessionTimeout", 1, 60, documentName)
                .orElse(SessionPreferences.DEFAULT_IDLE_TIMEOUT);
        Duration max = minutes(inputs, "maxSessionDuration", 1, 1440, documentName).orElse(null);
        boolean runAs = bool(inputs.path("runAsEnabled"));
        return new SessionPreferences(idle, max, inputs.path("kmsKeyId").asText(""),
                runAs ? inputs.path("runAsDefaultUser").asText("") : "", inputs.path("s3BucketName").asText(""),
                inputs.path("s3KeyPrefix").asText(""), inputs.path("cloudWatchLogGroupName").asText(""));
    }

    private static Optional<Duration> minutes(JsonNode inputs, String key, int min, int max, String documentName) {
        String text = inputs.path(key).asText("").trim();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return Optional.of(Duration.ofMinutes(value));
            }
        } catch (NumberFormatException e) {
            // logged below
        }
        LOG.warn("{} in {} is '{}', outside {}-{}; using the default", key, documentName, text, min, max);
        return Optional.empty();
    }

    /** The agent accepts booleans or the strings "true"/"false" for runAsEnabled. */
    private static boolean bool(JsonNode node) {
        return node.isBoolean() ? node.asBoolean() : "true".equalsIgnoreCase(node.asText(""));
    }
}
