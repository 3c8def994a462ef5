package dev.warden.cli.sandbox;

import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.fleet.ManagedInstance;
import java.util.List;

/**
 * What a running sandbox tells its users: where it listens, whom to sign as, which instances it has, and
 * commands that work against it as printed. The same facts go to the terminal and to the state file.
 *
 * @param endpoint         the SSM/STS/KMS endpoint ({@code --endpoint-url})
 * @param dataChannelBase  the data plane's websocket base, which StartSession's StreamUrls start with
 * @param exampleCommands  AWS CLI commands that need nothing but the AWS CLI v2 and the credentials below
 * @param sessionCommand   start-session against the first online instance, for a session-manager-plugin
 */
public record SandboxSummary(String endpoint, String dataChannelBase, String region, String accountId,
                             String accessKeyId, String secretAccessKey, List<Instance> instances,
                             List<String> exampleCommands, String sessionCommand) {

    /** One emulated instance as a person picks it: id, Name and Environment tags, agent version. */
    public record Instance(String instanceId, String name, String environment, String agentVersion,
                           String pingStatus) {
    }

    public static SandboxSummary of(Sandbox sandbox) {
        String endpoint = sandbox.endpoint().toString();
        List<Instance> instances = sandbox.fleet().stream().map(SandboxSummary::instance).toList();
        String aws = "aws --endpoint-url " + endpoint + " ";
        List<String> examples = List.of(
                aws + "sts get-caller-identity",
                aws + "ssm describe-instance-information",
                aws + "ssm describe-sessions --state Active",
                aws + "ssm describe-document --name AWS-StartPortForwardingSession");
        String target = sandbox.fleet().stream().filter(ManagedInstance::isOnline).findFirst()
                .map(ManagedInstance::instanceId).orElse("<instance-id>");
        return new SandboxSummary(endpoint, sandbox.dataChannelBase().toString(), sandbox.region(),
                sandbox.accountId(), sandbox.accessKeyId(), sandbox.secretAccessKey(), instances, examples,
                aws + "ssm start-session --target " + target);
    }

    private static Instance instance(ManagedInstance instance) {
        return new Instance(instance.instanceId(), instance.name().orElse(""),
                instance.tags().getOrDefault("Environment", ""), instance.agentVersion(),
                instance.pingStatus().toString());
    }

    /** The environment a shell needs for the example commands. */
    public String exportLine() {
        return "export AWS_ACCESS_KEY_ID=" + accessKeyId + " AWS_SECRET_ACCESS_KEY=" + secretAccessKey
                + " AWS_DEFAULT_REGION=" + region;
    }
}
