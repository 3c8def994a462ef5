package dev.warden.governance.aws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InvalidResourceIdException;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/** The managed instances of one account × region (DescribeInstanceInformation, all pages) and their tags. */
public final class FleetInventory {

    private FleetInventory() {
    }

    /** Instance id to tags (empty when they cannot be read). */
    public static Map<String, Map<String, String>> read(SsmClient ssm) {
        List<String> ids = new ArrayList<>();
        ssm.describeInstanceInformationPaginator(r -> r.maxResults(50)).instanceInformationList()
                .forEach(i -> ids.add(i.instanceId()));
        Map<String, Map<String, String>> fleet = new HashMap<>();
        for (String id : ids) {
            Map<String, String> tags = new HashMap<>();
            try {
                for (Tag tag : ssm.listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.MANAGED_INSTANCE)
                        .resourceId(id)).tagList()) {
                    tags.put(tag.key(), tag.value());
                }
            } catch (InvalidResourceIdException e) {
                // deregistered between the two calls: counted, untagged
            }
            fleet.put(id, tags);
        }
        return fleet;
    }
}
