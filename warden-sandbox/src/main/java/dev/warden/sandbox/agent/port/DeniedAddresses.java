package dev.warden.sandbox.agent.port;

import java.util.Set;

/**
 * The addresses the agent refuses to forward to ({@code Mgs.DeniedPortForwardingRemoteIPs}, agent-side.md §4.1):
 * the instance metadata, DNS, time and related link-local endpoints of EC2. The agent also refuses the first four
 * and the broadcast address of each VPC CIDR, which the sandbox, having no VPC, does not.
 */
final class DeniedAddresses {

    private static final Set<String> DENIED = Set.of("169.254.169.254", "fd00:ec2::254", "169.254.169.253",
            "fd00:ec2::253", "169.254.169.123", "fd00:ec2::123", "169.254.169.250", "169.254.169.251",
            "fd00:ec2::240");

    private DeniedAddresses() {
    }

    static boolean isDenied(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return DENIED.contains(bare.toLowerCase(java.util.Locale.ROOT));
    }
}
