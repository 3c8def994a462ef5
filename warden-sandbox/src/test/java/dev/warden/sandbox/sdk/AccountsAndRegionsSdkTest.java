package dev.warden.sandbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.fleet.AccountRegion;
import dev.warden.sandbox.testing.SandboxFixture;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.Session;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.TargetNotConnectedException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Several accounts and regions in one sandbox, as the governance engine meets them in an organisation: each
 * account and region has its own instances, documents and sessions; member accounts are reached by assuming
 * their configured roles; the signature's region picks the region.
 */
class AccountsAndRegionsSdkTest {

    private static final String MEMBER = "210987654321";
    private static final String AUDIT_ROLE = "arn:aws:iam::" + MEMBER + ":role/WardenAudit";
    private static final String HOME_EAST = "i-0aaaaaaaaaaaaaaa1";
    private static final String HOME_WEST = "i-0aaaaaaaaaaaaaaa2";
    private static final String MEMBER_EAST = "i-0bbbbbbbbbbbbbbb1";
    private static final String CONFIG = """
            regions: [us-east-1, eu-west-1]
            accounts:
              - accountId: "210987654321"
                roles:
                  - {name: WardenAudit, externalId: warden-ext}
                  - {name: Open}
            fleet:
              - {instanceId: i-0aaaaaaaaaaaaaaa1, name: home-east}
              - {instanceId: i-0aaaaaaaaaaaaaaa2, name: home-west, region: eu-west-1}
              - {instanceId: i-0bbbbbbbbbbbbbbb1, name: member-east, accountId: "210987654321"}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SandboxFixture sandbox;
    private static AwsCredentials memberCredentials;

    @BeforeAll
    static void start() {
        sandbox = new SandboxFixture(SandboxConfigLoader.fromYaml(CONFIG, "accounts.yaml"));
        Credentials issued = sandbox.sts(SandboxFixture.ALICE).assumeRole(r -> r.roleArn(AUDIT_ROLE)
                .roleSessionName("warden-governance").externalId("warden-ext")).credentials();
        memberCredentials = AwsSessionCredentials.create(issued.accessKeyId(), issued.secretAccessKey(),
                issued.sessionToken());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void eachRegionShowsItsOwnInstances() {
        assertThat(instanceIds(ssm(SandboxFixture.ALICE, "us-east-1"))).containsExactly(HOME_EAST);
        assertThat(instanceIds(ssm(SandboxFixture.ALICE, "eu-west-1"))).containsExactly(HOME_WEST);
    }

    @Test
    void aMemberAccountIsReachedThroughItsRoleAndShowsItsOwnInstances() {
        try (StsClient sts = sts(memberCredentials)) {
            assertThat(sts.getCallerIdentity().account()).isEqualTo(MEMBER);
        }
        assertThat(instanceIds(ssm(memberCredentials, "us-east-1"))).containsExactly(MEMBER_EAST);
        assertThat(instanceIds(ssm(memberCredentials, "eu-west-1"))).isEmpty();
    }

    @Test
    void rolesThatDoNotTrustTheCallerCannotBeAssumed() {
        StsClient sts = sandbox.sts(SandboxFixture.ALICE);
        assertAccessDenied(sts, r -> r.roleArn(AUDIT_ROLE).roleSessionName("x1"));
        assertAccessDenied(sts, r -> r.roleArn(AUDIT_ROLE).roleSessionName("x2").externalId("wrong"));
        assertAccessDenied(sts, r -> r.roleArn("arn:aws:iam::" + MEMBER + ":role/Unlisted").roleSessionName("x3"));
        assertAccessDenied(sts, r -> r.roleArn("arn:aws:iam::555555555555:role/Open").roleSessionName("x4"));
        assertThat(sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + MEMBER + ":role/Open").roleSessionName("x5"))
                .assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + MEMBER + ":assumed-role/Open/x5");
    }

    @Test
    void sessionsAreSeenAndEndedOnlyInTheirAccountAndRegion() {
        SsmClient member = ssm(memberCredentials, "us-east-1");
        SsmClient home = ssm(SandboxFixture.ALICE, "us-east-1");
        String sessionId = member.startSession(r -> r.target(MEMBER_EAST)).sessionId();

        assertThat(activeSessionIds(member)).contains(sessionId);
        assertThat(activeSessionIds(home)).doesNotContain(sessionId);
        assertThat(activeSessionIds(ssm(memberCredentials, "eu-west-1"))).doesNotContain(sessionId);
        home.terminateSession(r -> r.sessionId(sessionId)); // succeeds, as AWS for any id, but changes nothing
        assertThat(activeSessionIds(member)).contains(sessionId);
        assertThatThrownBy(() -> home.resumeSession(r -> r.sessionId(sessionId)))
                .isInstanceOf(SsmException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> member.startSession(r -> r.target(HOME_EAST)))
                .isInstanceOf(TargetNotConnectedException.class);

        member.terminateSession(r -> r.sessionId(sessionId));
        assertThat(activeSessionIds(member)).doesNotContain(sessionId);
    }

    @Test
    void eachAccountAndRegionHasItsOwnSessionPreferences() throws Exception {
        SsmClient west = ssm(SandboxFixture.ALICE, "eu-west-1");
        String preferences = "SSM-SessionManagerRunShell";
        ObjectNode document = (ObjectNode) JSON.readTree(west.getDocument(r -> r.name(preferences)
                .documentFormat(DocumentFormat.JSON)).content());
        ((ObjectNode) document.get("inputs")).put("idleSessionTimeout", "7");
        west.updateDocument(r -> r.name(preferences).content(document.toString()).documentVersion("$LATEST"));

        assertThat(idleTimeout(west, preferences)).isEqualTo("7");
        assertThat(idleTimeout(ssm(SandboxFixture.ALICE, "us-east-1"), preferences)).isEqualTo("20");
        assertThat(idleTimeout(ssm(memberCredentials, "eu-west-1"), preferences)).isEqualTo("20");
        assertThat(sandbox.server().documents(new AccountRegion(SandboxFixture.ACCOUNT, "eu-west-1"))
                .find(preferences).orElseThrow().latest().content()).contains("7");
    }

    private static String idleTimeout(SsmClient ssm, String document) throws Exception {
        return JSON.readTree(ssm.getDocument(r -> r.name(document).documentVersion("$LATEST")
                .documentFormat(DocumentFormat.JSON)).content()).path("inputs").path("idleSessionTimeout").asText();
    }

    @Test
    void aRegionTheSandboxDoesNotServeIsRefusedAtTheSignature() {
        assertThatThrownBy(() -> ssm(SandboxFixture.ALICE, "ap-south-1").describeInstanceInformation())
                .isInstanceOf(SsmException.class).hasMessageContaining("Credential should be scoped to a valid region");
    }

    @Test
    void instancesMustBePlacedInAConfiguredAccountAndRegion() {
        assertThatThrownBy(() -> SandboxConfigLoader.fromYaml(
                "fleet: [{instanceId: i-0aaaaaaaaaaaaaaa1, region: eu-west-1}]", "bad.yaml"))
                .hasMessageContaining("fleet[0].region").hasMessageContaining("regions");
        assertThatThrownBy(() -> SandboxConfigLoader.fromYaml(
                "fleet: [{instanceId: i-0aaaaaaaaaaaaaaa1, accountId: \"999999999999\"}]", "bad.yaml"))
                .hasMessageContaining("fleet[0].accountId");
        assertThatThrownBy(() -> SandboxConfigLoader.fromYaml("accounts: [{accountId: \"123456789012\"}]",
                "bad.yaml")).hasMessageContaining("accounts[0].accountId");
    }

    private static void assertAccessDenied(StsClient sts, Consumer<AssumeRoleRequest.Builder> request) {
        assertThatThrownBy(() -> sts.assumeRole(request))
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("is not authorized to perform: sts:AssumeRole");
                });
    }

    private static List<String> instanceIds(SsmClient ssm) {
        return ssm.describeInstanceInformation().instanceInformationList().stream()
                .map(InstanceInformation::instanceId).toList();
    }

    private static List<String> activeSessionIds(SsmClient ssm) {
        return ssm.describeSessions(r -> r.state("Active")).sessions().stream().map(Session::sessionId).toList();
    }

    private static SsmClient ssm(AwsCredentials credentials, String region) {
        return SsmClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static StsClient sts(AwsCredentials credentials) {
        return StsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

}
