package dev.warden.bench.e2e;

import dev.warden.client.ClientOptions;
import dev.warden.client.WardenClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssm.model.StartSessionRequest;

/**
 * What every end-to-end measurement shares: the one emulated instance (its ports 22 and 5432 mapped to the
 * loopback echo service), 1 KiB frames on both ends, and a client signed with the sandbox's own keys.
 */
final class Fleet {

    static final String INSTANCE = "i-0be0c4000000000a1";
    static final int FRAME = 1024;

    private Fleet() {
    }

    /** The sandbox's configuration file with the echo service as the instance's ports 22 and 5432. */
    static String config(int echoPort) {
        return """
                fleet:
                  - instanceId: %s
                    name: bench-1
                    tags: {Environment: dev}
                    agentVersion: 3.3.987.0
                    portMappings: {22: "127.0.0.1:%d", 5432: "127.0.0.1:%d"}
                dataPlane:
                  payloadSize: %d
                """.formatted(INSTANCE, echoPort, echoPort, FRAME);
    }

    static WardenClient client(SandboxProcess sandbox) {
        return WardenClient.builder().region(sandbox.region())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(sandbox.accessKeyId(),
                        sandbox.secretAccessKey())))
                .ssmEndpoint(URI.create(sandbox.endpoint()))
                .kmsEndpoint(URI.create(sandbox.endpoint()))
                .options(ClientOptions.builder().chunkSize(FRAME).build())
                .build();
    }

    /** A multiplexed (smux) port forward to the instance's port 5432. */
    static StartSessionRequest portForwarding() {
        return StartSessionRequest.builder().target(INSTANCE).documentName("AWS-StartPortForwardingSession")
                .parameters(Map.of("portNumber", List.of("5432"))).build();
    }

    /** A byte stream (the SSH ProxyCommand mode) to the instance's port 22. */
    static StartSessionRequest ssh() {
        return StartSessionRequest.builder().target(INSTANCE).documentName("AWS-StartSSHSession")
                .parameters(Map.of("portNumber", List.of("22"))).build();
    }

    /** An interactive shell with the account's default shell document. */
    static StartSessionRequest shell() {
        return StartSessionRequest.builder().target(INSTANCE).build();
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
