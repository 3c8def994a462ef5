package dev.warden.sandbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.sandbox.fleet.HostAndPort;
import dev.warden.sandbox.fleet.ManagedInstance;
import dev.warden.sandbox.fleet.PingStatus;
import dev.warden.sandbox.testing.SandboxFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;

/** The YAML configuration: a custom fleet is honoured end to end; every mistake gets an actionable message. */
class SandboxConfigLoaderTest {

    private static final String CUSTOM = """
            region: eu-west-1
            accountId: "111122223333"
            credentials:
              - accessKeyId: AKIACUSTOMEXAMPLE01
                secretAccessKey: custom-secret
                user: ops
            sts:
              minimumDurationSeconds: 1
              defaultDurationSeconds: 60
            session:
              tokenLifetime: 30s
              preferences:
                idleSessionTimeout: 15
                maxSessionDuration: "120"
                s3BucketName: audit-logs
            fleet:
              - instanceId: i-0123456789abcdef0
                name: payments-prod
                tags: {Environment: prod, Team: payments}
                agentVersion: 3.2.582.0
                portMappings:
                  22: 127.0.0.1:2022
                  5432: 127.0.0.1:15432
                remoteHosts:
                  "db.payments.internal:5432": 127.0.0.1:15433
              - instanceId: mi-0123456789abcdef1
                name: branch-router
                tags: {Environment: dev}
                pingStatus: Inactive
            faults:
              dropDataChannelAfter: 90s
            """;

    @Test
    void aCustomFileIsHonouredEndToEnd(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sandbox.yaml");
        Files.writeString(file, CUSTOM);

        SandboxConfig config = SandboxConfigLoader.load(file);

        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.sts()).isEqualTo(new StsLimits(1, 43200, 60));
        assertThat(config.session().tokenLifetime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.session().preferences()).containsEntry("idleSessionTimeout", "15")
                .containsEntry("maxSessionDuration", "120").containsEntry("s3BucketName", "audit-logs")
                .containsEntry("runAsEnabled", false);
        assertThat(config.faults().dropDataChannelAfter()).isEqualTo(Duration.ofSeconds(90));
        ManagedInstance payments = config.fleet().get(0);
        assertThat(payments.tags()).containsEntry("Name", "payments-prod").containsEntry("Team", "payments");
        assertThat(payments.destinationFor(Optional.empty(), 5432)).hasValue(new HostAndPort("127.0.0.1", 15432));
        assertThat(payments.destinationFor(Optional.of("db.payments.internal"), 5432))
                .hasValue(new HostAndPort("127.0.0.1", 15433));
        assertThat(config.fleet().get(1).pingStatus()).isEqualTo(PingStatus.Inactive);

        try (SandboxFixture sandbox = new SandboxFixture(config); SsmClient ssm = regional(sandbox)) {
            List<InstanceInformation> fleet = ssm.describeInstanceInformation().instanceInformationList();
            assertThat(fleet).extracting(InstanceInformation::instanceId)
                    .containsExactly("i-0123456789abcdef0", "mi-0123456789abcdef1");
            assertThat(fleet.get(0).agentVersion()).isEqualTo("3.2.582.0");
            assertThat(fleet.get(0).isLatestVersion()).isFalse();
            assertThat(fleet.get(1).pingStatusAsString()).isEqualTo("Inactive");
            assertThat(ssm.getDocument(b -> b.name("SSM-SessionManagerRunShell")).content())
                    .contains("\"idleSessionTimeout\" : \"15\"").contains("\"audit-logs\"");
            String id = ssm.startSession(b -> b.target("i-0123456789abcdef0")).sessionId();
            assertThat(id).startsWith("ops-");
            var session = sandbox.server().sessions().find(id).orElseThrow();
            assertThat(session.owner().arn()).isEqualTo("arn:aws:iam::111122223333:user/ops");
            assertThat(session.preferences().maxDuration()).hasMinutes(120);
        }
    }

    @Test
    void anEmptyFileMeansTheDefaults() {
        SandboxConfig config = SandboxConfigLoader.fromYaml("# nothing here\n", "empty.yaml");

        assertThat(config).isEqualTo(SandboxConfig.defaults());
        assertThat(config.fleet()).hasSize(6);
        assertThat(config.fleet()).extracting(i -> i.tags().get("Environment"))
                .contains("prod", "staging", "dev");
        assertThat(config.credentials()).hasSize(2);
        assertThat(config.sts()).isEqualTo(StsLimits.AWS);
        assertThat(config.port()).isZero();
    }

    @Test
    void syntaxErrorsNameTheFileAndTheLine() {
        assertError("fleet:\n  - instanceId: \"i-0123\n", "broken.yaml: is not valid YAML (line");
        assertError("region: us-east-1\n  accountId: 1\n", "broken.yaml: is not valid YAML (line 2");
    }

    @Test
    void unknownKeysNameTheKeyAndListTheAllowedOnes() {
        assertError("flet: []\n", "sandbox.yaml: flet: unknown key 'flet' in the top level; allowed keys are"
                + " accountId, accounts, auth, credentials, dataPlane, events, faults, fleet, kms, logs, region,"
                + " regions, s3, server, session, sns, sts");
        assertError("fleet:\n  - instanceId: i-0123456789abcdef0\n    pingstatus: Online\n",
                "sandbox.yaml: fleet[0].pingstatus: unknown key 'pingstatus' in fleet[0]; allowed keys are accountId,"
                        + " agentVersion, computerName, instanceId, ipAddress, name, pingStatus, platformName,"
                        + " platformVersion, portMappings, region, remoteHosts, tags");
        assertError("session:\n  preferences:\n    idleTimeout: 5\n", "sandbox.yaml: session.preferences: unknown key"
                + " 'idleTimeout'; allowed keys are cloudWatchEncryptionEnabled");
    }

    @Test
    void badValuesSayWhatIsAllowed() {
        assertError("fleet:\n  - instanceId: i-0123456789abcdef0\n    pingStatus: Up\n",
                "sandbox.yaml: fleet[0].pingStatus: 'Up' is not allowed; use one of Online, ConnectionLost, Inactive");
        assertError("fleet:\n  - instanceId: web-1\n", "sandbox.yaml: fleet[0].instanceId: 'web-1' is not allowed;"
                + " use i- followed by 8 or 17 letters or digits");
        assertError("fleet:\n  - instanceId: i-0123456789abcdef0\n    portMappings: {ssh: 127.0.0.1:22}\n",
                "sandbox.yaml: fleet[0].portMappings: key 'ssh' is not allowed; keys are remote ports 1-65535");
        assertError("fleet:\n  - instanceId: i-0123456789abcdef0\n    portMappings: {22: localhost}\n",
                "sandbox.yaml: fleet[0].portMappings.22: 'localhost' is not host:port");
        assertError("fleet:\n  - instanceId: i-0123456789abcdef0\n  - instanceId: i-0123456789abcdef0\n",
                "sandbox.yaml: fleet[1].instanceId: 'i-0123456789abcdef0' is configured twice");
        assertError("server:\n  port: abc\n", "sandbox.yaml: server.port: has the wrong type");
        assertError("server:\n  port: 70000\n", "sandbox.yaml: server.port: '70000' is not allowed; use 0-65535");
        assertError("server:\n  streamUrlBase: http://127.0.0.1:1/x\n", "sandbox.yaml: server.streamUrlBase:");
        assertError("session:\n  preferences:\n    idleSessionTimeout: 90\n",
                "sandbox.yaml: session.preferences.idleSessionTimeout: '90' is not allowed; use whole minutes 1-60");
        assertError("session:\n  preferences:\n    s3EncryptionEnabled: maybe\n",
                "sandbox.yaml: session.preferences.s3EncryptionEnabled: 'maybe' is not allowed; use true or false");
        assertError("session:\n  tokenLifetime: 10 minutes\n", "sandbox.yaml: session.tokenLifetime: '10 minutes' is"
                + " not a duration; write a number with a unit (500ms, 30s, 10m, 2h, 1d) or ISO-8601 (PT10M)");
        assertError("credentials:\n  - accessKeyId: AKIAEXAMPLEEXAMPLE\n    user: x\n",
                "sandbox.yaml: credentials[0].secretAccessKey: is required");
        assertError("credentials:\n  - accessKeyId: AKIAEXAMPLEEXAMPLE\n    secretAccessKey: s\n",
                "sandbox.yaml: credentials[0]: give exactly one of user");
        assertError("sts:\n  minimumDurationSeconds: 100\n  maximumDurationSeconds: 50\n",
                "sandbox.yaml: sts: minimumDurationSeconds (100) must not exceed maximumDurationSeconds (50)");
        assertError("auth:\n  expiredTokenStatus: 401\n", "sandbox.yaml: auth.expiredTokenStatus: '401' is not"
                + " allowed; use 400");
        assertError("region: Mars\n", "sandbox.yaml: region: 'Mars' is not allowed; use a region such as us-east-1");
        assertError("kms:\n  keys:\n    - keyId: not-a-uuid\n", "sandbox.yaml: kms.keys[0].keyId: 'not-a-uuid' is not"
                + " allowed; use a lower-case UUID");
    }

    @Test
    void aMissingFileSaysSo(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> SandboxConfigLoader.load(missing)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(missing + ": cannot be read");
    }

    private static void assertError(String yaml, String expectedStart) {
        String file = expectedStart.substring(0, expectedStart.indexOf(':'));
        assertThatThrownBy(() -> SandboxConfigLoader.fromYaml(yaml, file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expectedStart);
    }

    private static SsmClient regional(SandboxFixture sandbox) {
        return SsmClient.builder().endpointOverride(sandbox.endpoint())
                .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .credentialsProvider(() -> AwsBasicCredentials.create("AKIACUSTOMEXAMPLE01", "custom-secret"))
                .build();
    }
}
