package dev.warden.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.sandbox.fleet.ManagedInstance;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

class SandboxTest {

    @Test
    void startsBothPlanesOnEphemeralLoopbackPortsAndServesTheDefaultFleet() throws Exception {
        Sandbox sandbox = Sandbox.start();
        try (sandbox) {
            assertThat(sandbox.endpoint().toString()).startsWith("http://127.0.0.1:");
            assertThat(sandbox.dataChannelBase().toString()).startsWith("ws://127.0.0.1:");
            assertThat(sandbox.endpoint().getPort()).isNotEqualTo(sandbox.dataChannelBase().getPort());
            assertThat(sandbox.region()).isEqualTo("us-east-1");
            assertThat(sandbox.accessKeyId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
            assertThat(sandbox.secretAccessKey()).isNotBlank();

            List<ManagedInstance> fleet = sandbox.fleet();
            assertThat(fleet).hasSizeGreaterThanOrEqualTo(3);
            assertThat(fleet).allSatisfy(i -> assertThat(i.name()).isPresent());
            assertThat(fleet).extracting(i -> i.tags().get("Environment"))
                    .contains("prod", "staging", "dev");

            try (SsmClient ssm = SsmClient.builder().endpointOverride(sandbox.endpoint())
                    .region(Region.of(sandbox.region())).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(sandbox.accessKeyId(), sandbox.secretAccessKey())))
                    .build()) {
                assertThat(ssm.describeInstanceInformation().instanceInformationList()).hasSize(fleet.size());
                String online = fleet.stream().filter(ManagedInstance::isOnline).findFirst().orElseThrow()
                        .instanceId();
                StartSessionResponse started = ssm.startSession(r -> r.target(online));
                // StreamUrls point at this sandbox's own data plane.
                assertThat(started.streamUrl()).startsWith(sandbox.dataChannelBase() + "/v1/data-channel/"
                        + started.sessionId() + "?role=publish_subscribe&cell-number=");
            }
        }
        // close() stops both listeners.
        assertThatThrownBy(() -> new Socket("127.0.0.1", sandbox.endpoint().getPort()).close())
                .isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> new Socket("127.0.0.1", sandbox.dataChannelBase().getPort()).close())
                .isInstanceOf(java.io.IOException.class);
        sandbox.close(); // idempotent
    }
}
