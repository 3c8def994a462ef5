package dev.warden.governance;

import static dev.warden.governance.testing.GovernedSandbox.WEB_DEV;
import static dev.warden.governance.testing.GovernedSandbox.WEB_PROD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.governance.alert.Alerter;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.GovernedSandbox;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.sandbox.testing.SandboxFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentType;

/**
 * The least-privilege IAM policy in docs/examples/governance-iam-policy.json grants exactly the API calls the
 * engine makes: every command's work is run against the sandbox and each call the SDK sends is collected.
 */
class IamPolicyTest {

    /** API operations whose IAM action has another name (S3's, from the service authorization reference). */
    private static final Map<String, String> IAM_ACTION_OF = Map.of(
            "cloudwatchlogs:describelogstreams", "logs:describelogstreams",
            "s3:headbucket", "s3:listbucket",
            "s3:getbucketencryption", "s3:getencryptionconfiguration",
            "s3:getobjectlockconfiguration", "s3:getbucketobjectlockconfiguration",
            "cloudwatchlogs:describeloggroups", "logs:describeloggroups");

    @TempDir
    Path dir;

    @Test
    void theDocumentedIamPolicyGrantsExactlyTheCallsTheEngineMakes() throws IOException {
        Set<String> calls = new ConcurrentSkipListSet<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toLowerCase();
                calls.add(service + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        Policy policy = PolicyLoader.parse("""
                scope:
                  accounts: [{id: "123456789012", role: WardenGovernance}]
                  regions: [us-east-1]
                tiers:
                  - {name: prod, match: {Environment: prod}, idleMinutes: 15, maxMinutes: 60}
                defaultTier: {idleMinutes: 20, maxMinutes: 120}
                alerts: {snsTopics: [arn:aws:sns:us-east-1:123456789012:warden-alerts]}  # GovernedSandbox.ALERT_TOPIC
                """, "iam-test.yaml");
        try (SandboxFixture sandbox = GovernedSandbox.start();
             AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(SandboxFixture.ALICE),
                     Optional.of(sandbox.endpoint()), List.of(recorder));
             GovernanceStore store = StoreKind.SQLITE.open(dir);
             SsmClient ssm = sandbox.ssm()) {
            // A Session document that names log destinations, so that the audit checks them.
            ssm.createDocument(r -> r.name("Logged-Shell").documentType(DocumentType.SESSION)
                    .documentFormat(DocumentFormat.JSON).content("""
                            {"schemaVersion":"1.0","description":"logged","sessionType":"Standard_Stream",
                             "inputs":{"s3BucketName":"session-logs-locked",
                                       "cloudWatchLogGroupName":"/aws/ssm/encrypted"}}"""));
            // A custom port document with limits weaker than the policy's, so that the audit remediates it.
            ssm.createDocument(r -> r.name("Team-PortForward").documentType(DocumentType.SESSION)
                    .documentFormat(DocumentFormat.JSON).content("""
                            {"schemaVersion":"1.0","description":"port","sessionType":"Port",
                             "properties":{"portNumber":"80","type":"LocalPortForwarding"},
                             "inputs":{"idleSessionTimeout":"60"}}"""));
            String prod = ssm.startSession(r -> r.target(WEB_PROD)).sessionId();
            String dev = ssm.startSession(r -> r.target(WEB_DEV)).sessionId();
            // A session that logs to CloudWatch Logs, so that the review reads its activity.
            ssm.startSession(r -> r.target(WEB_PROD).documentName("Logged-Shell"));
            sandbox.clock().advance(Duration.ofMinutes(90));
            Governance governance = new Governance(aws, new AuditTrail(store, sandbox.clock()), sandbox.clock(),
                    Duration.ofSeconds(30), new Alerter(aws, 1, Duration.ofMillis(10)));

            assertThat(governance.enforce(policy).complete()).isTrue();
            assertThat(governance.auditPreferences(policy, true).get(0)).satisfies(r -> {
                assertThat(r.error()).isEmpty();
                assertThat(r.documents()).filteredOn(d -> d.document().equals("Team-PortForward")).singleElement()
                        .satisfies(d -> assertThat(d.remediation()).hasValueSatisfying(x ->
                                assertThat(x.error()).isEmpty()));
            });
            governance.terminate(policy, policy.scope().accounts().get(0), "us-east-1", dev, "manual");
            assertThat(prod).isNotEqualTo(dev);
        }

        JsonNode iam = new ObjectMapper().readTree(Path.of(System.getProperty("user.dir"))
                .resolve("../docs/examples/governance-iam-policy.json").toFile());
        Set<String> granted = new TreeSet<>();
        iam.get("Statement").forEach(s -> s.get("Action").forEach(a -> granted.add(a.asText().toLowerCase())));
        Set<String> made = new TreeSet<>();
        calls.forEach(c -> made.add(IAM_ACTION_OF.getOrDefault(c.toLowerCase(), c.toLowerCase())));
        assertThat(made).isEqualTo(granted);
    }
}
