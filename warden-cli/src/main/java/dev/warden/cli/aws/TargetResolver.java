package dev.warden.cli.aws;

import dev.warden.cli.CommandFailure;
import dev.warden.cli.ExitCodes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;
import software.amazon.awssdk.services.ssm.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a TARGET into a managed instance id. A TARGET is an instance id ({@code i-…}, {@code mi-…}: used as is,
 * StartSession reports an unknown one), {@code tag:Key=Value}, or a Name tag value; the last two are looked up with
 * DescribeInstanceInformation and must match exactly one instance, else the error lists the candidates.
 */
public final class TargetResolver {

    private static final Pattern INSTANCE_ID = Pattern.compile("(i|mi)-[0-9a-f]{8,17}");
    private static final int MAX_LISTED = 10;

    private final SsmClient ssm;

    public TargetResolver(SsmClient ssm) {
        this.ssm = ssm;
    }

    /** Whether {@code target} is written as an instance id and needs no lookup. */
    public static boolean isInstanceId(String target) {
        return INSTANCE_ID.matcher(target).matches();
    }

    public String resolve(String target) {
        if (target == null || target.isBlank()) {
            throw new CommandFailure(ExitCodes.USAGE, "the target is empty: give an instance id, a Name tag value "
                    + "or tag:Key=Value");
        }
        if (isInstanceId(target)) {
            return target;
        }
        String key;
        String value;
        if (target.startsWith("tag:")) {
            int eq = target.indexOf('=');
            if (eq < 5 || eq == target.length() - 1) {
                throw new CommandFailure(ExitCodes.USAGE, "invalid target '" + target + "': write tag:Key=Value");
            }
            key = target.substring(4, eq);
            value = target.substring(eq + 1);
        } else {
            key = "Name";
            value = target;
        }
        List<InstanceInformation> matches = lookUp(key, value);
        String described = key.equals("Name") && !target.startsWith("tag:") ? "with the Name tag '" + value + "'"
                : "tagged " + key + "=" + value;
        if (matches.isEmpty()) {
            throw new CommandFailure(ExitCodes.FAILURE, "no managed instance " + described
                    + " in this account and region; check the name, --region and --profile");
        }
        if (matches.size() > 1) {
            String list = matches.stream().limit(MAX_LISTED).map(this::describe).collect(Collectors.joining(", "));
            throw new CommandFailure(ExitCodes.FAILURE, matches.size() + " managed instances match '" + target
                    + "': " + list + (matches.size() > MAX_LISTED ? ", …" : "")
                    + "; give the instance id or a more specific tag:Key=Value");
        }
        return matches.get(0).instanceId();
    }

    private List<InstanceInformation> lookUp(String key, String value) {
        try {
            List<InstanceInformation> found = new ArrayList<>();
            ssm.describeInstanceInformationPaginator(r -> r.filters(InstanceInformationStringFilter.builder()
                            .key("tag:" + key).values(value).build()))
                    .instanceInformationList().forEach(found::add);
            return found;
        } catch (SdkException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "cannot look up the target (DescribeInstanceInformation): "
                    + e.getMessage(), e);
        }
    }

    private String describe(InstanceInformation instance) {
        String name = nameOf(instance.instanceId());
        return instance.instanceId() + (name == null ? "" : " (" + name + ")")
                + (instance.pingStatusAsString() == null ? "" : " " + instance.pingStatusAsString());
    }

    /** The Name tag through ListTagsForResource (DescribeInstanceInformation carries no tags); null if unreadable. */
    private String nameOf(String instanceId) {
        try {
            return ssm.listTagsForResource(r -> r.resourceType("ManagedInstance").resourceId(instanceId))
                    .tagList().stream().filter(t -> "Name".equals(t.key())).map(Tag::value).findFirst().orElse(null);
        } catch (SdkException e) {
            return null;
        }
    }
}
