package dev.warden.sandbox.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.sandbox.fleet.Fleet;
import dev.warden.sandbox.protocol.AwsJson;
import dev.warden.sandbox.protocol.AwsServiceException;
import dev.warden.sandbox.protocol.CallContext;
import dev.warden.sandbox.protocol.CommonErrors;
import dev.warden.sandbox.ssm.document.DocumentStore;
import dev.warden.sandbox.ssm.document.StoredDocument;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AddTagsToResource, RemoveTagsFromResource and ListTagsForResource for ResourceType {@code ManagedInstance}
 * (instance tags, e.g. Environment) and {@code Document} (the account's own documents). Unlike AWS, which
 * tags EC2 instances through the EC2 API, the sandbox accepts {@code i-} ids as ManagedInstance too: it has
 * no EC2 API.
 */
final class TagApi {

    private static final List<String> RESOURCE_TYPES = List.of("Document", "ManagedInstance", "MaintenanceWindow",
            "Parameter", "PatchBaseline", "OpsItem", "OpsMetadata", "Automation", "Association");

    private final Fleet fleet;
    private final DocumentStore documents;

    TagApi(Fleet fleet, DocumentStore documents) {
        this.fleet = fleet;
        this.documents = documents;
    }

    ObjectNode addTags(JsonNode in, CallContext context) {
        String type = resourceType(in);
        String id = resourceId(type, in);
        requirePresent(in, "Tags");
        Map<String, String> tags = Tags.read(in, "Tags");
        Map<String, String> current = currentTags(type, id);
        Set<String> after = new HashSet<>(current.keySet());
        after.addAll(tags.keySet());
        if (after.size() > Tags.MAX_TAGS) {
            throw new AwsServiceException("TooManyTagsError", 400, null, "Message");
        }
        if (type.equals("ManagedInstance")) {
            fleet.addTags(id, tags);
        } else {
            documents.addTags(id, tags);
        }
        return AwsJson.object();
    }

    ObjectNode removeTags(JsonNode in, CallContext context) {
        String type = resourceType(in);
        String id = resourceId(type, in);
        requirePresent(in, "TagKeys");
        List<String> keys = Tags.keys(in, "TagKeys");
        currentTags(type, id);
        if (type.equals("ManagedInstance")) {
            fleet.removeTags(id, keys);
        } else {
            documents.removeTags(id, keys);
        }
        return AwsJson.object();
    }

    ObjectNode listTags(JsonNode in, CallContext context) {
        String type = resourceType(in);
        String id = resourceId(type, in);
        ObjectNode out = AwsJson.object();
        out.set("TagList", Tags.write(currentTags(type, id)));
        return out;
    }

    private static void requirePresent(JsonNode in, String member) {
        if (!in.hasNonNull(member)) {
            throw CommonErrors.validation(null, AwsJson.lowerCamel(member), "Member must not be null");
        }
    }

    /** The instance id, or the document name (documents may also be named by ARN). */
    private static String resourceId(String type, JsonNode in) {
        String id = AwsJson.requiredString(in, "ResourceId");
        return type.equals("Document") ? DocumentNames.nameOf(id) : id;
    }

    private static String resourceType(JsonNode in) {
        String type = AwsJson.oneOf(AwsJson.requiredString(in, "ResourceType"), "ResourceType", RESOURCE_TYPES);
        if (!type.equals("ManagedInstance") && !type.equals("Document")) {
            throw SsmErrors.invalidResourceType();
        }
        return type;
    }

    private Map<String, String> currentTags(String type, String id) {
        if (type.equals("ManagedInstance")) {
            return fleet.find(id).orElseThrow(SsmErrors::invalidResourceId).tags();
        }
        return documents.find(id).filter(d -> !d.isAwsOwned()).map(StoredDocument::tags)
                .orElseThrow(SsmErrors::invalidResourceId);
    }
}
