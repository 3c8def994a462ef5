package dev.warden.sandbox.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.sandbox.protocol.AwsJson;
import dev.warden.sandbox.protocol.CallContext;
import dev.warden.sandbox.protocol.CommonErrors;
import dev.warden.sandbox.ssm.document.DocumentContent;
import dev.warden.sandbox.ssm.document.DocumentFormat;
import dev.warden.sandbox.ssm.document.DocumentStore;
import dev.warden.sandbox.ssm.document.DocumentVersion;
import dev.warden.sandbox.ssm.document.ParameterSpec;
import dev.warden.sandbox.ssm.document.StoredDocument;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** GetDocument, DescribeDocument, CreateDocument, UpdateDocument, UpdateDocumentDefaultVersion, ListDocuments. */
final class DocumentApi {

    private static final Pattern DOCUMENT_ARN = Pattern.compile("^[a-zA-Z0-9_\\-.:/]{3,128}$");
    private static final Pattern DOCUMENT_NAME = Pattern.compile("^[a-zA-Z0-9_\\-.]{3,128}$");
    private static final Pattern VERSION = Pattern.compile("([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)");
    private static final Pattern VERSION_NUMBER = Pattern.compile("(^[1-9][0-9]*$)");
    private static final Pattern VERSION_NAME = Pattern.compile("^[a-zA-Z0-9_\\-.]{1,128}$");
    private static final Pattern DISPLAY_NAME = Pattern.compile("^[\\w\\.\\-\\:\\/ ]*$");
    private static final List<String> DOCUMENT_TYPES = List.of("Command", "Policy", "Automation", "Session", "Package",
            "ApplicationConfiguration", "ApplicationConfigurationSchema", "DeploymentStrategy", "ChangeCalendar",
            "Automation.ChangeTemplate", "ProblemAnalysis", "ProblemAnalysisTemplate", "CloudFormation",
            "ConformancePackTemplate", "QuickSetup", "ManualApprovalPolicy", "AutoApprovalPolicy");
    private static final List<String> FORMATS = List.of("YAML", "JSON", "TEXT");
    private static final List<String> PLATFORMS = List.of("Windows", "Linux", "MacOS");
    /** Documents may be at most 64 KB. */
    private static final int MAX_CONTENT_BYTES = 64 * 1024;

    private final DocumentStore documents;
    private final String accountId;

    DocumentApi(DocumentStore documents, String accountId) {
        this.documents = documents;
        this.accountId = accountId;
    }

    ObjectNode getDocument(JsonNode in, CallContext context) {
        StoredDocument doc = existing(in);
        DocumentVersion version = selectVersion(doc, in);
        String requestedFormat = AwsJson.string(in, "DocumentFormat").map(f -> AwsJson.oneOf(f, "DocumentFormat", FORMATS))
                .orElse(version.format().name());
        String content = version.content();
        if (!requestedFormat.equals(version.format().name()) && !requestedFormat.equals("TEXT")
                && version.format() != DocumentFormat.TEXT) {
            content = DocumentContent.parse(content, version.format(), doc.documentType())
                    .render(DocumentFormat.valueOf(requestedFormat));
        }
        ObjectNode out = AwsJson.object();
        out.put("Name", doc.name());
        out.put("CreatedDate", AwsJson.timestamp(version.createdDate()));
        if (version.displayName() != null) {
            out.put("DisplayName", version.displayName());
        }
        if (version.versionName() != null) {
            out.put("VersionName", version.versionName());
        }
        out.put("DocumentVersion", Integer.toString(version.number()));
        out.put("Status", "Active");
        out.put("Content", content);
        out.put("DocumentType", doc.documentType());
        out.put("DocumentFormat", requestedFormat);
        return out;
    }

    ObjectNode describeDocument(JsonNode in, CallContext context) {
        StoredDocument doc = existing(in);
        ObjectNode out = AwsJson.object();
        out.set("Document", description(doc, selectVersion(doc, in)));
        return out;
    }

    ObjectNode createDocument(JsonNode in, CallContext context) {
        String content = content(in);
        String name = AwsJson.pattern(AwsJson.requiredString(in, "Name"), "Name", DOCUMENT_NAME);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("aws") || lower.startsWith("amazon") || lower.startsWith("amzn")) {
            throw CommonErrors.validation(name, "name", "Member must not start with the reserved prefixes aws,"
                    + " amazon or amzn");
        }
        String type = AwsJson.string(in, "DocumentType").map(t -> AwsJson.oneOf(t, "DocumentType", DOCUMENT_TYPES))
                .orElse("Command");
        DocumentFormat format = format(in);
        if (format != DocumentFormat.TEXT) {
            DocumentContent.parse(content, format, type);
        }
        StoredDocument doc = documents.create(name, accountId, type, targetType(in), content, format,
                versionName(in), displayName(in), Tags.read(in, "Tags"));
        ObjectNode out = AwsJson.object();
        out.set("DocumentDescription", description(doc, doc.latest()));
        return out;
    }

    ObjectNode updateDocument(JsonNode in, CallContext context) {
        String content = content(in);
        String name = AwsJson.pattern(AwsJson.requiredString(in, "Name"), "Name", DOCUMENT_NAME);
        String version = AwsJson.string(in, "DocumentVersion").map(v -> AwsJson.pattern(v, "DocumentVersion", VERSION))
                .orElse(null);
        if ("$DEFAULT".equals(version)) {
            throw SsmErrors.invalidDocumentVersion("Only the latest version of a document can be updated: use $LATEST.");
        }
        StoredDocument current = documents.find(name).orElseThrow(() -> SsmErrors.documentDoesNotExist(name));
        DocumentFormat format = format(in);
        if (format != DocumentFormat.TEXT) {
            DocumentContent.parse(content, format, current.documentType());
        }
        StoredDocument doc = documents.addVersion(name, version, content, format, versionName(in), displayName(in));
        ObjectNode out = AwsJson.object();
        out.set("DocumentDescription", description(doc, doc.latest()));
        return out;
    }

    ObjectNode updateDocumentDefaultVersion(JsonNode in, CallContext context) {
        String name = AwsJson.pattern(AwsJson.requiredString(in, "Name"), "Name", DOCUMENT_NAME);
        String version = AwsJson.pattern(AwsJson.requiredString(in, "DocumentVersion"), "DocumentVersion",
                VERSION_NUMBER);
        documents.find(name).orElseThrow(() -> SsmErrors.documentDoesNotExist(name));
        StoredDocument doc = documents.setDefaultVersion(name, parseVersion(version));
        ObjectNode description = AwsJson.object();
        description.put("Name", doc.name());
        description.put("DefaultVersion", Integer.toString(doc.defaultVersion()));
        String defaultName = doc.defaultDocumentVersion().versionName();
        if (defaultName != null) {
            description.put("DefaultVersionName", defaultName);
        }
        ObjectNode out = AwsJson.object();
        out.set("Description", description);
        return out;
    }

    ObjectNode listDocuments(JsonNode in, CallContext context) {
        int maxResults = AwsJson.integer(in, "MaxResults").map(m -> AwsJson.range(m, "MaxResults", 1, 50)).orElse(50);
        Predicate<StoredDocument> matches = d -> true;
        for (JsonNode filter : AwsJson.list(in, "DocumentFilterList")) {
            String key = AwsJson.requiredString(filter, "key");
            String value = AwsJson.length(AwsJson.requiredString(filter, "value"), "value", 1, Integer.MAX_VALUE);
            if (!List.of("Name", "Owner", "PlatformTypes", "DocumentType").contains(key)) {
                throw SsmErrors.invalidFilterKey();
            }
            matches = matches.and(documentFilter(key, List.of(value)));
        }
        List<JsonNode> filters = AwsJson.list(in, "Filters");
        if (filters.size() > 6) {
            throw CommonErrors.validation(filters.size() + " filters", "filters", "Member must have length less than"
                    + " or equal to 6");
        }
        for (JsonNode filter : filters) {
            String key = AwsJson.length(AwsJson.requiredString(filter, "Key"), "Key", 1, 128);
            matches = matches.and(documentFilter(key, AwsJson.stringList(filter, "Values")));
        }
        List<StoredDocument> selected = documents.all().stream().filter(matches).toList();
        Page<StoredDocument> page = Page.of(selected, "ListDocuments", AwsJson.string(in, "NextToken").orElse(null),
                maxResults);
        ObjectNode out = AwsJson.object();
        ArrayNode list = out.putArray("DocumentIdentifiers");
        page.items().forEach(d -> list.add(identifier(d)));
        page.nextToken().ifPresent(t -> out.put("NextToken", t));
        return out;
    }

    private Predicate<StoredDocument> documentFilter(String key, List<String> values) {
        if (key.startsWith("tag:")) {
            String tag = key.substring(4);
            return d -> values.isEmpty() ? d.tags().containsKey(tag) : values.contains(d.tags().get(tag));
        }
        return switch (key) {
            case "Owner" -> d -> values.stream().anyMatch(v -> ownerMatches(d, v));
            case "Name" -> d -> values.stream().anyMatch(d.name()::startsWith);
            case "DocumentType" -> d -> values.contains(d.documentType());
            case "PlatformTypes" -> d -> values.stream().anyMatch(PLATFORMS::contains);
            case "TargetType" -> d -> d.targetType() != null && values.contains(d.targetType());
            case "SearchKeyword" -> d -> values.stream()
                    .anyMatch(v -> d.name().toLowerCase(Locale.ROOT).contains(v.toLowerCase(Locale.ROOT)));
            default -> throw SsmErrors.invalidFilterKey();
        };
    }

    private boolean ownerMatches(StoredDocument d, String owner) {
        return switch (owner) {
            case "Self", "Private" -> !d.isAwsOwned();
            case "Amazon", "Public" -> d.isAwsOwned();
            case "All" -> true;
            default -> owner.equals(d.owner());
        };
    }

    private StoredDocument existing(JsonNode in) {
        String name = DocumentNames.nameOf(AwsJson.pattern(AwsJson.requiredString(in, "Name"), "Name", DOCUMENT_ARN));
        return documents.find(name).orElseThrow(() -> SsmErrors.documentDoesNotExist(name));
    }

    private static DocumentVersion selectVersion(StoredDocument doc, JsonNode in) {
        String versionName = AwsJson.string(in, "VersionName").map(v -> AwsJson.pattern(v, "VersionName", VERSION_NAME))
                .orElse(null);
        String version = AwsJson.string(in, "DocumentVersion").map(v -> AwsJson.pattern(v, "DocumentVersion", VERSION))
                .orElse(null);
        if (versionName != null) {
            return doc.versions().stream().filter(v -> versionName.equals(v.versionName()))
                    .filter(v -> version == null || version.equals(Integer.toString(v.number())))
                    .findFirst()
                    .orElseThrow(() -> SsmErrors.invalidDocument("Document " + doc.name() + " has no version named "
                            + versionName + "."));
        }
        if (version == null || version.equals("$DEFAULT")) {
            return doc.defaultDocumentVersion();
        }
        if (version.equals("$LATEST")) {
            return doc.latest();
        }
        return doc.version(parseVersion(version)).orElseThrow(() -> SsmErrors.invalidDocumentVersion(
                "The document " + doc.name() + " has no version " + version + "."));
    }

    private static int parseVersion(String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw SsmErrors.invalidDocumentVersion("Version " + version + " is not a version number.");
        }
    }

    private static String content(JsonNode in) {
        String content = AwsJson.length(AwsJson.requiredString(in, "Content"), "Content", 1, Integer.MAX_VALUE);
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_CONTENT_BYTES) {
            throw SsmErrors.of("MaxDocumentSizeExceeded", "The document content exceeds the maximum of 64 KB.");
        }
        return content;
    }

    private static DocumentFormat format(JsonNode in) {
        return DocumentFormat.valueOf(AwsJson.string(in, "DocumentFormat")
                .map(f -> AwsJson.oneOf(f, "DocumentFormat", FORMATS)).orElse("JSON"));
    }

    private static String versionName(JsonNode in) {
        return AwsJson.string(in, "VersionName").map(v -> AwsJson.pattern(v, "VersionName", VERSION_NAME)).orElse(null);
    }

    private static String displayName(JsonNode in) {
        return AwsJson.string(in, "DisplayName")
                .map(v -> AwsJson.pattern(AwsJson.length(v, "DisplayName", 0, 1024), "DisplayName", DISPLAY_NAME))
                .orElse(null);
    }

    private static String targetType(JsonNode in) {
        return AwsJson.string(in, "TargetType")
                .map(v -> AwsJson.pattern(v, "TargetType", Pattern.compile("^\\/[\\w\\.\\-\\:\\/]*$"))).orElse(null);
    }

    /** The DocumentDescription of one version, as Describe/Create/UpdateDocument return it. */
    private static ObjectNode description(StoredDocument doc, DocumentVersion version) {
        ObjectNode d = AwsJson.object();
        d.put("Hash", version.hash());
        d.put("HashType", "Sha256");
        d.put("Name", doc.name());
        if (version.displayName() != null) {
            d.put("DisplayName", version.displayName());
        }
        if (version.versionName() != null) {
            d.put("VersionName", version.versionName());
        }
        d.put("Owner", doc.owner());
        d.put("CreatedDate", AwsJson.timestamp(doc.createdDate()));
        d.put("Status", "Active");
        d.put("DocumentVersion", Integer.toString(version.number()));
        if (version.format() != DocumentFormat.TEXT) {
            DocumentContent content = DocumentContent.parse(version.content(), version.format(), doc.documentType());
            content.description().ifPresent(text -> d.put("Description", text));
            ArrayNode params = d.putArray("Parameters");
            for (ParameterSpec p : content.parameters()) {
                ObjectNode param = params.addObject();
                param.put("Name", p.name());
                param.put("Type", p.type().equals("StringList") ? "StringList" : "String");
                param.put("Description", p.description());
                if (p.defaultValueText() != null) {
                    param.put("DefaultValue", p.defaultValueText());
                }
            }
            d.put("SchemaVersion", content.schemaVersion());
        }
        ArrayNode platforms = d.putArray("PlatformTypes");
        PLATFORMS.forEach(platforms::add);
        d.put("DocumentType", doc.documentType());
        d.put("LatestVersion", Integer.toString(doc.latest().number()));
        d.put("DefaultVersion", Integer.toString(doc.defaultVersion()));
        d.put("DocumentFormat", version.format().name());
        if (doc.targetType() != null) {
            d.put("TargetType", doc.targetType());
        }
        d.set("Tags", Tags.write(doc.tags()));
        return d;
    }

    private static ObjectNode identifier(StoredDocument doc) {
        DocumentVersion v = doc.defaultDocumentVersion();
        ObjectNode id = AwsJson.object();
        id.put("Name", doc.name());
        id.put("CreatedDate", AwsJson.timestamp(doc.createdDate()));
        if (v.displayName() != null) {
            id.put("DisplayName", v.displayName());
        }
        id.put("Owner", doc.owner());
        if (v.versionName() != null) {
            id.put("VersionName", v.versionName());
        }
        ArrayNode platforms = id.putArray("PlatformTypes");
        PLATFORMS.forEach(platforms::add);
        id.put("DocumentVersion", Integer.toString(v.number()));
        id.put("DocumentType", doc.documentType());
        if (v.format() != DocumentFormat.TEXT) {
            id.put("SchemaVersion", DocumentContent.parse(v.content(), v.format(), doc.documentType()).schemaVersion());
        }
        id.put("DocumentFormat", v.format().name());
        if (doc.targetType() != null) {
            id.put("TargetType", doc.targetType());
        }
        id.set("Tags", Tags.write(doc.tags()));
        return id;
    }
}
