package dev.warden.sandbox.dataplane;

import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfig;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.EchoServer;
import dev.warden.sandbox.testing.SandboxClients;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

/**
 * A running sandbox for data-plane tests, with an echo server as the destination of its instances' ports:
 * <ul>
 *   <li>{@value #NEW_AGENT} (agent 3.3.987.0): port 22 and 80 echo, 81 is refused, {@code db.internal:5432}
 *       echoes;</li>
 *   <li>{@value #OLD_AGENT} (agent 3.0.100.0, before smux): port 80 echoes.</li>
 * </ul>
 * Extra YAML (faults, session settings) is appended to the fleet configuration.
 */
final class DataPlaneHarness implements AutoCloseable {

    static final String NEW_AGENT = "i-0aaaaaaaaaaaaaaa1";
    static final String OLD_AGENT = "i-0aaaaaaaaaaaaaaa2";

    final EchoServer echo;
    final Sandbox sandbox;
    final SsmClient ssm;

    DataPlaneHarness(String extraYaml) throws IOException {
        echo = new EchoServer();
        int refused = EchoServer.unusedPort();
        String yaml = """
                fleet:
                  - instanceId: %s
                    name: web-prod-1
                    tags: {Environment: prod}
                    agentVersion: 3.3.987.0
                    portMappings: {22: "127.0.0.1:%d", 80: "127.0.0.1:%d", 81: "127.0.0.1:%d"}
                    remoteHosts: {"db.internal:5432": "127.0.0.1:%d"}
                  - instanceId: %s
                    name: legacy-dev-1
                    tags: {Environment: dev}
                    agentVersion: 3.0.100.0
                    portMappings: {80: "127.0.0.1:%d"}
                """.formatted(NEW_AGENT, echo.port(), echo.port(), refused, echo.port(), OLD_AGENT, echo.port())
                + extraYaml;
        SandboxConfig config = SandboxConfigLoader.fromYaml(yaml, "test.yaml");
        sandbox = Sandbox.start(config);
        ssm = SandboxClients.withoutRetries(SsmClient.builder(), sandbox);
    }

    DataPlaneHarness() throws IOException {
        this("");
    }

    StartSessionResponse startSession(String target, String document, Map<String, String> parameters) {
        return ssm.startSession(r -> {
            r.target(target);
            if (document != null) {
                r.documentName(document);
            }
            Map<String, List<String>> params = new java.util.LinkedHashMap<>();
            parameters.forEach((k, v) -> params.put(k, List.of(v)));
            if (!params.isEmpty()) {
                r.parameters(params);
            }
        });
    }

    URI endpoint() {
        return sandbox.endpoint();
    }

    @Override
    public void close() throws IOException {
        ssm.close();
        sandbox.close();
        echo.close();
    }
}
