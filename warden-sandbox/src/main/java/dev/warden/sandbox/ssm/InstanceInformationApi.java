package dev.warden.sandbox.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.sandbox.fleet.Fleet;
import dev.warden.sandbox.fleet.ManagedInstance;
import dev.warden.sandbox.fleet.PingStatus;
import dev.warden.sandbox.protocol.AwsJson;
import dev.warden.sandbox.protocol.AwsServiceException;
import dev.warden.sandbox.protocol.CallContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** DescribeInstanceInformation over the emulated fleet, with both filter styles and paging. */
final class InstanceInformationApi {

    /** The newest agent the sandbox knows; instances running it report IsLatestVersion true. */
    static final String LATEST_AGENT_VERSION = "3.3.987.0";

    private static final List<String> LIST_FILTER_KEYS = List.of("InstanceIds", "AgentVersion", "PingStatus",
            "PlatformTypes", "ActivationIds", "IamRole", "ResourceType", "AssociationStatus");

    private final Fleet fleet;
    private final Clock clock;

    InstanceInformationApi(Fleet fleet, Clock clock) {
        this.fleet = fleet;
        this.clock = clock;
    }

    ObjectNode describeInstanceInformation(JsonNode in, CallContext context) {
        int maxResults = AwsJson.integer(in, "MaxResults").map(m -> AwsJson.range(m, "MaxResults", 5, 50)).orElse(50);
        Predicate<ManagedInstance> matches = i -> true;
        for (JsonNode filter : AwsJson.list(in, "InstanceInformationFilterList")) {
            String key = AwsJson.requiredString(filter, "key");
            if (!LIST_FILTER_KEYS.contains(key)) {
                throw SsmErrors.invalidFilterKey();
            }
            matches = matches.and(filter(key, values(filter, "valueSet")));
        }
        for (JsonNode filter : AwsJson.list(in, "Filters")) {
            String key = AwsJson.length(AwsJson.requiredString(filter, "Key"), "Key", 1, Integer.MAX_VALUE);
            matches = matches.and(filter(key, values(filter, "Values")));
        }
        List<ManagedInstance> selected = fleet.all().stream().filter(matches).toList();
        Page<ManagedInstance> page = Page.of(selected, "DescribeInstanceInformation",
                AwsJson.string(in, "NextToken").orElse(null), maxResults);

        ObjectNode out = AwsJson.object();
        ArrayNode list = out.putArray("InstanceInformationList");
        page.items().forEach(i -> list.add(instanceJson(i)));
        page.nextToken().ifPresent(t -> out.put("NextToken", t));
        return out;
    }

    private static List<String> values(JsonNode filter, String member) {
        List<String> values = AwsJson.stringList(filter, member);
        if (values.isEmpty() || values.size() > 100) {
            throw dev.warden.sandbox.protocol.CommonErrors.validation(values, AwsJson.lowerCamel(member),
                    "Member must have length between 1 and 100");
        }
        return values;
    }

    private Predicate<ManagedInstance> filter(String key, List<String> values) {
        if (key.startsWith("tag:")) {
            String tag = key.substring(4);
            return i -> values.contains(i.tags().get(tag));
        }
        return switch (key) {
            case "tag-key" -> i -> values.stream().anyMatch(i.tags()::containsKey);
            case "InstanceIds" -> {
                values.forEach(id -> {
                    if (!ManagedInstance.INSTANCE_ID.matcher(id).matches()) {
                        throw SsmErrors.of("InvalidInstanceId", "Instance Id " + id + " is not valid.");
                    }
                });
                yield i -> values.contains(i.instanceId());
            }
            case "AgentVersion" -> i -> values.contains(i.agentVersion());
            case "PingStatus" -> {
                List<String> allowed = Arrays.stream(PingStatus.values()).map(Enum::name).toList();
                values.forEach(v -> {
                    if (!allowed.contains(v)) {
                        throw new AwsServiceException("InvalidInstanceInformationFilterValue", 400,
                                "The filter value " + v + " is not valid for the PingStatus filter. Use one of "
                                        + allowed + ".", "message");
                    }
                });
                yield i -> values.contains(i.pingStatus().name());
            }
            case "PlatformTypes" -> i -> values.contains(i.platformType());
            case "ResourceType" -> i -> values.contains(i.resourceType());
            case "IamRole" -> i -> values.contains(iamRole(i));
            case "ActivationIds" -> i -> i.isHybrid() && values.contains(activationId(i));
            case "AssociationStatus" -> i -> false;
            default -> throw SsmErrors.invalidFilterKey();
        };
    }

    private ObjectNode instanceJson(ManagedInstance i) {
        ObjectNode json = AwsJson.object();
        json.put("InstanceId", i.instanceId());
        json.put("PingStatus", i.pingStatus().name());
        Duration sinceLastPing = i.isOnline() ? Duration.ofSeconds(30) : Duration.ofHours(2);
        json.put("LastPingDateTime", AwsJson.timestamp(clock.instant().minus(sinceLastPing)));
        json.put("AgentVersion", i.agentVersion());
        json.put("IsLatestVersion", LATEST_AGENT_VERSION.equals(i.agentVersion()));
        json.put("PlatformType", i.platformType());
        json.put("PlatformName", i.platformName());
        json.put("PlatformVersion", i.platformVersion());
        json.put("ResourceType", i.resourceType());
        json.put("IPAddress", i.ipAddress());
        json.put("ComputerName", i.computerName());
        json.put("SourceId", i.instanceId());
        json.put("SourceType", i.isHybrid() ? "AWS::SSM::ManagedInstance" : "AWS::EC2::Instance");
        if (i.isHybrid()) {
            i.name().ifPresent(n -> json.put("Name", n));
            json.put("ActivationId", activationId(i));
            json.put("IamRole", iamRole(i));
            json.put("RegistrationDate", AwsJson.timestamp(i.registrationDate()));
        }
        return json;
    }

    /** Hybrid nodes register with a service role; EC2 instances report none here. */
    private static String iamRole(ManagedInstance i) {
        return i.isHybrid() ? "SSMServiceRole" : null;
    }

    private static String activationId(ManagedInstance i) {
        return UUID.nameUUIDFromBytes(i.instanceId().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
