package dev.warden.governance.prefs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.DuplicateDocumentContentException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentException;

/**
 * One Standard_Stream Session document per tier, holding the tier's own limits. Session preferences
 * ({@code SSM-SessionManagerRunShell}) apply to a whole account × region, so they can only hold the strictest
 * tier; a dev session then ends as early as a prod one. With a document per tier, and an IAM policy that lets
 * users start sessions only with their targets' tier document ({@code ssm:SessionDocumentAccessCheck}), each
 * session runs under its tier's limits. The documents take the log destinations of the account's preferences.
 */
public final class TierDocuments {

    /** The prefix of the documents Warden manages; the general preference audit leaves them to this class. */
    public static final String PREFIX = "Warden-";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Compares each tier's document with the tier and, when {@code write}, creates or updates it. */
    public List<TierDocument> reconcile(SsmClient ssm, Policy policy, AccountRegion pair, ObjectNode preferenceInputs,
                                        boolean write) {
        List<Tier> tiers = new ArrayList<>(policy.tiers());
        tiers.add(policy.defaultTier());
        List<TierDocument> results = new ArrayList<>();
        for (Tier tier : tiers) {
            String name = documentName(tier);
            String statement = iamStatement(tier, name, pair);
            ObjectNode wanted = content(tier, preferenceInputs);
            try {
                results.add(new TierDocument(tier.name(), name, reconcile(ssm, name, wanted, write), statement,
                        Optional.empty()));
            } catch (SdkException e) {
                results.add(new TierDocument(tier.name(), name, TierDocument.State.FAILED, statement,
                        Optional.of("cannot reconcile " + name + " in " + pair + ": " + e.getMessage())));
            }
        }
        return results;
    }

    /** {@code Warden-<tier>}, with characters a document name cannot hold replaced. */
    public static String documentName(Tier tier) {
        return PREFIX + tier.name().replaceAll("[^A-Za-z0-9_.-]", "-");
    }

    private static TierDocument.State reconcile(SsmClient ssm, String name, ObjectNode wanted, boolean write) {
        Optional<ObjectNode> current = current(ssm, name);
        if (current.isEmpty()) {
            if (!write) {
                return TierDocument.State.MISSING;
            }
            ssm.createDocument(r -> r.name(name).documentType(DocumentType.SESSION)
                    .documentFormat(DocumentFormat.JSON).content(wanted.toString()));
            return TierDocument.State.CREATED;
        }
        if (current.get().path("inputs").equals(wanted.path("inputs"))) {
            return TierDocument.State.UP_TO_DATE;
        }
        if (!write) {
            return TierDocument.State.DIFFERENT;
        }
        String version;
        try {
            version = ssm.updateDocument(r -> r.name(name).documentVersion("$LATEST")
                    .documentFormat(DocumentFormat.JSON).content(wanted.toString())).documentDescription()
                    .documentVersion();
        } catch (DuplicateDocumentContentException e) {
            // SSM keeps no two versions alike: an earlier version holds the tier's limits (a change was undone).
            version = versionHolding(ssm, name, wanted).orElseThrow(() -> e);
        }
        String chosen = version;
        ssm.updateDocumentDefaultVersion(r -> r.name(name).documentVersion(chosen));
        return TierDocument.State.UPDATED;
    }

    /** The newest version whose inputs are {@code wanted}'s, looked up with GetDocument only. */
    private static Optional<String> versionHolding(SsmClient ssm, String name, ObjectNode wanted) {
        int latest = Integer.parseInt(ssm.getDocument(r -> r.name(name).documentVersion("$LATEST")).documentVersion());
        for (int v = latest; v >= 1; v--) {
            String version = Integer.toString(v);
            JsonNode inputs = parse(ssm.getDocument(r -> r.name(name).documentVersion(version)
                    .documentFormat(DocumentFormat.JSON)).content()).path("inputs");
            if (inputs.equals(wanted.path("inputs"))) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    private static JsonNode parse(String content) {
        try {
            return JSON.readTree(content);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    private static Optional<ObjectNode> current(SsmClient ssm, String name) {
        try {
            String content = ssm.getDocument(r -> r.name(name).documentFormat(DocumentFormat.JSON)).content();
            JsonNode node = JSON.readTree(content);
            return Optional.of(node instanceof ObjectNode o ? o : JSON.createObjectNode());
        } catch (InvalidDocumentException e) {
            return Optional.empty(); // SSM's answer for a document that does not exist
        } catch (JsonProcessingException e) {
            return Optional.of(JSON.createObjectNode());
        }
    }

    /** The tier's document: the preferences' destinations, the tier's limits, encryption, key and user. */
    static ObjectNode content(Tier tier, ObjectNode preferenceInputs) {
        ObjectNode inputs = preferenceInputs.deepCopy();
        inputs.put("idleSessionTimeout", Long.toString(tier.idle().toMinutes()));
        inputs.put("maxSessionDuration", Long.toString(tier.max().toMinutes()));
        if (tier.s3().encrypted()) {
            inputs.put("s3EncryptionEnabled", true);
        }
        if (tier.cloudWatch().encrypted()) {
            inputs.put("cloudWatchEncryptionEnabled", true);
        }
        tier.kmsKey().ifPresent(key -> inputs.put("kmsKeyId", key));
        tier.runAs().ifPresent(user -> {
            inputs.put("runAsEnabled", true);
            inputs.put("runAsDefaultUser", user);
        });
        ObjectNode document = JSON.createObjectNode();
        document.put("schemaVersion", "1.0");
        document.put("description", "Warden tier " + tier.name() + ": idle " + tier.idle().toMinutes()
                + " min, maximum " + tier.max().toMinutes() + " min. Managed by warden govern audit --remediate.");
        document.put("sessionType", "Standard_Stream");
        document.set("inputs", inputs);
        return document;
    }

    /**
     * StartSession allowed with this document only, on the instances the tier's tags select ({@code
     * ssm:resourceTag/<key>}, every key required, any listed value); the default tier's statement names no tag.
     */
    static String iamStatement(Tier tier, String document, AccountRegion pair) {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("Sid", "WardenTier" + tier.name().replaceAll("[^A-Za-z0-9]", ""));
        statement.put("Effect", "Allow");
        statement.put("Action", "ssm:StartSession");
        ArrayNode resources = statement.putArray("Resource");
        resources.add("arn:aws:ec2:" + pair.region() + ":" + pair.accountId() + ":instance/*");
        resources.add("arn:aws:ssm:" + pair.region() + ":" + pair.accountId() + ":managed-instance/*");
        resources.add("arn:aws:ssm:" + pair.region() + ":" + pair.accountId() + ":document/" + document);
        ObjectNode condition = statement.putObject("Condition");
        condition.putObject("BoolIfExists").put("ssm:SessionDocumentAccessCheck", "true");
        if (!tier.match().isEmpty()) {
            ObjectNode tags = condition.putObject("StringEquals");
            for (Map.Entry<String, List<String>> match : tier.match().entrySet()) {
                ArrayNode values = tags.putArray("ssm:resourceTag/" + match.getKey());
                match.getValue().forEach(values::add);
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(statement);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isManaged(String documentName) {
        return documentName.toLowerCase(Locale.ROOT).startsWith(PREFIX.toLowerCase(Locale.ROOT));
    }
}
