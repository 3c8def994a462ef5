package dev.warden.governance.prefs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentKeyValuesFilter;
import software.amazon.awssdk.services.ssm.model.GetDocumentResponse;

/**
 * Reads the Session Manager preferences ({@code SSM-SessionManagerRunShell}, its default and latest versions)
 * and every custom Standard_Stream and Port Session document the account owns (e.g. copies of
 * AWS-StartPortForwardingSession), judges their inputs, and with remediation writes the fixed inputs as a new
 * version and makes it the default. A Port document is judged on its limits only (see
 * {@link PreferenceJudge#judgePort}); its log destinations are not checked, as port sessions are not logged.
 */
public final class PreferenceAuditor {

    public static final String PREFERENCES = "SSM-SessionManagerRunShell";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoggingDestinationAuditor destinations = new LoggingDestinationAuditor();

    public List<DocumentAudit> audit(SsmClient ssm, S3Client s3, CloudWatchLogsClient logs,
                                     RequiredPreferences required, boolean remediate) {
        Set<String> names = new LinkedHashSet<>();
        names.add(PREFERENCES);
        ssm.listDocumentsPaginator(r -> r.filters(
                        DocumentKeyValuesFilter.builder().key("Owner").values("Self").build(),
                        DocumentKeyValuesFilter.builder().key("DocumentType").values("Session").build()))
                .documentIdentifiers().forEach(d -> names.add(d.name()));
        List<DocumentAudit> audits = new ArrayList<>();
        for (String name : names) {
            if (TierDocuments.isManaged(name)) {
                continue; // each holds its own tier's limits, not the strictest: TierDocuments checks them
            }
            GetDocumentResponse current = ssm.getDocument(r -> r.name(name).documentFormat(DocumentFormat.JSON));
            ObjectNode content = parse(current.content());
            String sessionType = content.path("sessionType").asText();
            if ("Port".equals(sessionType)) {
                audits.add(auditVersion(ssm, required, name, current, content, remediate));
                continue;
            }
            if (!"Standard_Stream".equals(sessionType)) {
                continue;
            }
            audits.add(withDestinations(auditVersion(ssm, required, name, current, content, remediate), s3, logs,
                    content));
            if (PREFERENCES.equals(name)) {
                GetDocumentResponse latest = ssm.getDocument(r -> r.name(name).documentVersion("$LATEST")
                        .documentFormat(DocumentFormat.JSON));
                if (!latest.documentVersion().equals(current.documentVersion()) && !remediate) {
                    // A newer version that is not the default: drift waiting to be applied.
                    audits.add(auditVersion(ssm, required, name, latest, parse(latest.content()), false));
                }
            }
        }
        return audits;
    }

    /** Adds the findings about the log destinations the document names. */
    private DocumentAudit withDestinations(DocumentAudit audit, S3Client s3, CloudWatchLogsClient logs,
                                           ObjectNode content) {
        List<PreferenceFinding> more = destinations.audit(s3, logs, audit.document(), audit.version(),
                content.path("inputs"));
        if (more.isEmpty()) {
            return audit;
        }
        List<PreferenceFinding> all = new ArrayList<>(audit.findings());
        all.addAll(more);
        return new DocumentAudit(audit.document(), audit.version(), all, audit.remediation());
    }

    private DocumentAudit auditVersion(SsmClient ssm, RequiredPreferences required, String name,
                                       GetDocumentResponse doc, ObjectNode content, boolean remediate) {
        ObjectNode inputs = content.path("inputs").isObject() ? (ObjectNode) content.get("inputs")
                : JSON.createObjectNode();
        PreferenceJudge.Result result = "Port".equals(content.path("sessionType").asText())
                ? PreferenceJudge.judgePort(required, name, doc.documentVersion(), inputs)
                : PreferenceJudge.judge(required, name, doc.documentVersion(), inputs);
        boolean fixable = result.findings().stream().anyMatch(PreferenceFinding::remediable);
        if (!remediate || !fixable) {
            return new DocumentAudit(name, doc.documentVersion(), result.findings(), Optional.empty());
        }
        ObjectNode fixed = content.deepCopy();
        fixed.set("inputs", result.remediatedInputs());
        String before = inputs.toString();
        String after = result.remediatedInputs().toString();
        try {
            String newVersion = ssm.updateDocument(r -> r.name(name).documentVersion("$LATEST")
                    .documentFormat(DocumentFormat.JSON).content(fixed.toString()))
                    .documentDescription().documentVersion();
            ssm.updateDocumentDefaultVersion(r -> r.name(name).documentVersion(newVersion));
            return new DocumentAudit(name, doc.documentVersion(), result.findings(), Optional.of(
                    new DocumentAudit.Remediation(doc.documentVersion(), Optional.of(newVersion), before, after,
                            Optional.empty())));
        } catch (SdkException e) {
            return new DocumentAudit(name, doc.documentVersion(), result.findings(), Optional.of(
                    new DocumentAudit.Remediation(doc.documentVersion(), Optional.empty(), before, after,
                            Optional.of("cannot update " + name + ": " + e.getMessage()))));
        }
    }

    /** The inputs of the default version of the account's session preferences (empty when unreadable). */
    public ObjectNode preferenceInputs(SsmClient ssm) {
        JsonNode inputs = parse(ssm.getDocument(r -> r.name(PREFERENCES).documentFormat(DocumentFormat.JSON))
                .content()).path("inputs");
        return inputs instanceof ObjectNode o ? o : JSON.createObjectNode();
    }

    private static ObjectNode parse(String content) {
        try {
            JsonNode node = JSON.readTree(content);
            return node instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }
}
