package dev.warden.client.e2e;

import dev.warden.client.ClientOptions;
import dev.warden.client.WardenClient;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.EchoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssm.model.StartSessionRequest;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The real sandbox (control plane, data plane, emulated agents) with a loopback echo service behind every port
 * of its instances: {@value #NEW_AGENT} runs agent 3.3.987.0 (smux), {@value #OLD_AGENT} agent 3.0.100.0 (basic
 * mode). Extra YAML (faults, session preferences, STS limits) is appended to the configuration.
 */
final class SandboxFixture implements AutoCloseable {

    static final String NEW_AGENT = "i-0aaaaaaaaaaaaaaa1";
    static final String OLD_AGENT = "i-0aaaaaaaaaaaaaaa2";

    final EchoServer echo;
    final Sandbox sandbox;

    SandboxFixture(String extraYaml) throws IOException {
        echo = new EchoServer();
        String yaml = """
                fleet:
                  - instanceId: %s
                    name: web-prod-1
                    tags: {Environment: prod}
                    agentVersion: 3.3.987.0
                    portMappings: {22: "127.0.0.1:%d", 80: "127.0.0.1:%d"}
                  - instanceId: %s
                    name: legacy-dev-1
                    tags: {Environment: dev}
                    agentVersion: 3.0.100.0
                    portMappings: {80: "127.0.0.1:%d"}
                """.formatted(NEW_AGENT, echo.port(), echo.port(), OLD_AGENT, echo.port()) + extraYaml;
        sandbox = Sandbox.start(SandboxConfigLoader.fromYaml(yaml, "client-e2e.yaml"));
    }

    /** The sandbox's default identity as static keys. */
    AwsCredentialsProvider staticCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(sandbox.accessKeyId(),
                sandbox.secretAccessKey()));
    }

    WardenClient client(AwsCredentialsProvider credentials, ClientOptions options) {
        return WardenClient.builder().region(sandbox.region()).credentials(credentials)
                .ssmEndpoint(sandbox.endpoint()).kmsEndpoint(sandbox.endpoint()).options(options).build();
    }

    static StartSessionRequest portForwarding(String target, int port) {
        return StartSessionRequest.builder().target(target).documentName("AWS-StartPortForwardingSession")
                .parameters(Map.of("portNumber", List.of(String.valueOf(port)))).build();
    }

    static StartSessionRequest ssh(String target) {
        return StartSessionRequest.builder().target(target).documentName("AWS-StartSSHSession")
                .parameters(Map.of("portNumber", List.of("22"))).build();
    }

    @Override
    public void close() throws IOException {
        sandbox.close();
        echo.close();
    }
}
