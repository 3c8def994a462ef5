package dev.warden.sandbox.fleet;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One emulated instance: what DescribeInstanceInformation shows about it, its tags, and where its remote
 * ports lead on this machine.
 *
 * @param instanceId       {@code i-…} (EC2) or {@code mi-…} (hybrid managed instance)
 * @param tags             its tags; {@code Name} is the display name
 * @param agentVersion     SSM Agent version, e.g. {@code 3.3.987.0}
 * @param platformName     e.g. {@code Amazon Linux}
 * @param platformVersion  e.g. {@code 2023}
 * @param ipAddress        the address the agent reports
 * @param computerName     the host name the agent reports
 * @param pingStatus       whether sessions can start
 * @param portMappings     remote port on the instance → loopback address it reaches here
 * @param remoteHosts      remote host:port (for AWS-StartPortForwardingSessionToRemoteHost) → loopback address
 * @param registrationDate when the instance registered (reported for {@code mi-} instances)
 * @param placement        the account and region it is registered in; null: the sandbox's own
 */
public record ManagedInstance(String instanceId, Map<String, String> tags, String agentVersion, String platformName,
                              String platformVersion, String ipAddress, String computerName, PingStatus pingStatus,
                              Map<Integer, HostAndPort> portMappings, Map<HostAndPort, HostAndPort> remoteHosts,
                              Instant registrationDate, AccountRegion placement) {

    /** The InstanceId pattern of the SSM API model. */
    public static final Pattern INSTANCE_ID = Pattern.compile("(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)");

    public ManagedInstance {
        Objects.requireNonNull(instanceId, "instanceId");
        if (!INSTANCE_ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("not an instance id: " + instanceId);
        }
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags == null ? Map.of() : tags));
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(pingStatus, "pingStatus");
        portMappings = Map.copyOf(portMappings == null ? Map.of() : portMappings);
        remoteHosts = Map.copyOf(remoteHosts == null ? Map.of() : remoteHosts);
        Objects.requireNonNull(registrationDate, "registrationDate");
    }

    /** Where the instance is registered, {@code home} (the sandbox's account and region) unless configured. */
    public AccountRegion placedIn(AccountRegion home) {
        return placement != null ? placement : home;
    }

    /** The Name tag, if any. */
    public Optional<String> name() {
        return Optional.ofNullable(tags.get("Name"));
    }

    /** {@code EC2Instance} for {@code i-} ids, {@code ManagedInstance} for {@code mi-} ids. */
    public String resourceType() {
        return isHybrid() ? "ManagedInstance" : "EC2Instance";
    }

    public boolean isHybrid() {
        return instanceId.startsWith("mi-");
    }

    public boolean isOnline() {
        return pingStatus == PingStatus.Online;
    }

    /** Always Linux: the sandbox emulates Linux agents only. */
    public String platformType() {
        return "Linux";
    }

    /**
     * Where a port-forwarding destination leads on this machine: {@code port} on the instance itself when
     * {@code host} is empty, otherwise {@code host:port} reached through the instance.
     */
    public Optional<HostAndPort> destinationFor(Optional<String> host, int port) {
        if (host.isEmpty() || host.get().equals("localhost") || host.get().equals("127.0.0.1")) {
            return Optional.ofNullable(portMappings.get(port));
        }
        return Optional.ofNullable(remoteHosts.get(new HostAndPort(host.get(), port)));
    }

    /** A copy with other tags. */
    public ManagedInstance withTags(Map<String, String> newTags) {
        return new ManagedInstance(instanceId, newTags, agentVersion, platformName, platformVersion, ipAddress,
                computerName, pingStatus, portMappings, remoteHosts, registrationDate, placement);
    }

    /** A copy with another ping status (e.g. a test taking an instance offline). */
    public ManagedInstance withPingStatus(PingStatus status) {
        return new ManagedInstance(instanceId, tags, agentVersion, platformName, platformVersion, ipAddress,
                computerName, status, portMappings, remoteHosts, registrationDate, placement);
    }
}
