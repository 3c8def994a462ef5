package dev.warden.sandbox.dataplane;

import static dev.warden.sandbox.dataplane.DataPlaneHarness.NEW_AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.protocol.crypto.GeneratedDataKey;
import dev.warden.protocol.crypto.SessionDataKey;
import dev.warden.protocol.payload.HandshakeComplete;
import dev.warden.protocol.payload.HandshakeRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

/**
 * The KMS handshake with the sandbox's emulated KMS, lossy links from the fault injector, connection drops, and
 * session logs. The preferences name a KMS key and an S3 bucket for every session of this sandbox.
 */
class KmsHandshakeAndFaultsTest {

    private static final String CLIENT = "1.2.764.0";
    private static final String KEY = "alias/session-manager";
    @TempDir
    static Path logs;
    private static DataPlaneHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new DataPlaneHarness("""
                session:
                  preferences:
                    kmsKeyId: %s
                    s3BucketName: audit-bucket
                    s3KeyPrefix: sessions
                dataPlane:
                  sessionLogDirectory: "%s"
                """.formatted(KEY, logs.toString().replace("\\", "/")));
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void aShellSessionWithAKmsKeyRunsTheEncryptionHandshakeAgainstTheSandboxKms() throws Exception {
        StartSessionResponse started = harness.ssm.startSession(r -> r.target(NEW_AGENT));
        try (KmsClient kms = KmsClient.builder().endpointOverride(harness.endpoint())
                .region(Region.of(harness.sandbox.region())).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        harness.sandbox.accessKeyId(), harness.sandbox.secretAccessKey())))
                .build();
             ProtocolClient client = new ProtocolClient(CLIENT, (keyId, challenge) -> {
                 Map<String, String> context = new LinkedHashMap<>();
                 context.put("aws:ssm:SessionId", started.sessionId());
                 context.put("aws:ssm:TargetId", NEW_AGENT);
                 challenge.ifPresent(c -> context.put("aws:ssm:RandomChallenge", c));
                 GenerateDataKeyResponse key = kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(64)
                         .encryptionContext(context));
                 return new GeneratedDataKey(SessionDataKey.of(key.plaintext().asByteArray()),
                         key.ciphertextBlob().asByteArray(), challenge.isPresent());
             }).connect(started.streamUrl(), started.tokenValue())) {
            HandshakeRequest request = client.handshakeRequest().get(5, TimeUnit.SECONDS);
            assertThat(request.kmsEncryptionAction().orElseThrow().kmsKeyId()).isEqualTo(KEY);
            HandshakeComplete complete = client.handshakeComplete().get(10, TimeUnit.SECONDS);
            assertThat(complete.customerMessage()).isEqualTo("This session is encrypted using AWS KMS.");
        }
    }

    @Test
    void portForwardingSurvivesLostDuplicatedAndReorderedFrames() throws Exception {
        harness.sandbox.faults().frameFaults(0.15, 0.1, 0.1, 7);
        try {
            StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
            try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
                client.handshakeComplete().get(15, TimeUnit.SECONDS);
                byte[] data = PortForwardingTest.randomBytes(20_000, 31);
                client.sendOutput(data);
                await().atMost(Duration.ofSeconds(30)).until(() -> client.output().length >= data.length);
                assertThat(client.output()).isEqualTo(data);
            }
        } finally {
            harness.sandbox.faults().frameFaults(0, 0, 0, 1);
        }
    }

    @Test
    void dropDataChannelAfterClosesConnectionsButNotSessions() throws Exception {
        harness.sandbox.faults().dropDataChannelAfter(Duration.ofMillis(700));
        try {
            StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
            try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
                client.handshakeComplete().get(5, TimeUnit.SECONDS);
                WsClient.Closed closed = client.socket().closed().get(5, TimeUnit.SECONDS);
                assertThat(closed.code()).isEqualTo(1000);
                assertThat(harness.sandbox.controlPlane().sessions().find(started.sessionId()).orElseThrow()
                        .status().isActive()).isTrue();
            }
        } finally {
            harness.sandbox.faults().dropDataChannelAfter(null);
        }
    }

    @Test
    void sessionLogsGoToTheLogFolderWhenThePreferencesNameABucket() throws Exception {
        StartSessionResponse started = harness.startSession(NEW_AGENT, "AWS-StartSSHSession", Map.of());
        try (ProtocolClient client = new ProtocolClient(CLIENT).connect(started.streamUrl(), started.tokenValue())) {
            client.handshakeComplete().get(5, TimeUnit.SECONDS);
            harness.ssm.terminateSession(r -> r.sessionId(started.sessionId()));
            client.channelClosed().get(5, TimeUnit.SECONDS);
        }
        Path log = logs.resolve("audit-bucket").resolve("sessions").resolve(started.sessionId() + ".log");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(log)
                && Files.readString(log).contains("ended: TERMINATE_SESSION"));
        assertThat(Files.readString(log)).contains("started by arn:aws:iam::123456789012:user/alice")
                .contains("connected, client " + CLIENT).doesNotContain(started.tokenValue());
    }
}
