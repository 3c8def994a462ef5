package dev.warden.sandbox.config;

import dev.warden.sandbox.fleet.HostAndPort;
import dev.warden.sandbox.fleet.ManagedInstance;
import dev.warden.sandbox.fleet.PingStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet a sandbox has when its configuration names none: instances in each governance tier (prod,
 * staging, dev), one hybrid {@code mi-} node and one whose agent has lost its connection. Every instance's
 * port 22 reaches 127.0.0.1:2222; the prod database's 5432 reaches 127.0.0.1:5432.
 */
public final class DefaultFleet {

    private static final Instant REGISTERED = Instant.parse("2026-01-05T09:00:00Z");

    private DefaultFleet() {
    }

    public static List<ManagedInstance> instances() {
        return List.of(
                instance("i-0a1b2c3d4e5f60001", "web-prod-1", "prod", "10.0.1.11", PingStatus.Online, false),
                instance("i-0a1b2c3d4e5f60002", "db-prod-1", "prod", "10.0.1.12", PingStatus.Online, true),
                instance("i-0a1b2c3d4e5f60003", "web-staging-1", "staging", "10.0.2.11", PingStatus.Online, false),
                instance("i-0a1b2c3d4e5f60004", "batch-staging-1", "staging", "10.0.2.12", PingStatus.ConnectionLost,
                        false),
                instance("i-0a1b2c3d4e5f60005", "web-dev-1", "dev", "10.0.3.11", PingStatus.Online, false),
                instance("mi-0a1b2c3d4e5f60006", "onprem-dev-1", "dev", "192.168.10.5", PingStatus.Online, false));
    }

    private static ManagedInstance instance(String id, String name, String environment, String ip, PingStatus ping,
                                            boolean database) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", name);
        tags.put("Environment", environment);
        Map<Integer, HostAndPort> ports = new LinkedHashMap<>();
        ports.put(22, new HostAndPort("127.0.0.1", 2222));
        if (database) {
            ports.put(5432, new HostAndPort("127.0.0.1", 5432));
        }
        String computer = id.startsWith("mi-") ? name : "ip-" + ip.replace('.', '-') + ".ec2.internal";
        return new ManagedInstance(id, tags, "3.3.987.0", "Amazon Linux", "2023", ip, computer, ping, ports,
                Map.of(new HostAndPort("db.internal", 5432), new HostAndPort("127.0.0.1", 5432)), REGISTERED, null);
    }
}
