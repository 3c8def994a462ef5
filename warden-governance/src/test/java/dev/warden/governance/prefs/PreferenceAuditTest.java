package dev.warden.governance.prefs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.governance.Governance;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.kpi.KpiReport;
import dev.warden.governance.kpi.Kpis;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.GovernedSandbox;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.Payloads;
import dev.warden.governance.trail.RecordKind;
import dev.warden.sandbox.testing.SandboxFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentType;

/** The preference audit against the sandbox's documents: findings with evidence, remediation, drift. */
class PreferenceAuditTest {

    private static final Policy POLICY = PolicyLoader.parse("""
            scope: {accounts: [{id: "123456789012"}], regions: [us-east-1]}
            tiers:
              - name: prod
                match: {Environment: prod}
                idleMinutes: 15
                maxMinutes: 60
                s3Logging: {required: true, encrypted: true}
            defaultTier: {idleMinutes: 20, maxMinutes: 120}
            """, "prefs-policy.yaml");

    @TempDir
    Path dir;

    private final SandboxFixture sandbox = GovernedSandbox.start();
    private final AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(SandboxFixture.ALICE),
            Optional.of(sandbox.endpoint()));

    @AfterEach
    void stop() {
        aws.close();
        sandbox.close();
    }

    @Test
    void theStrictestTierIsWhatPreferencesMustEnforce() {
        RequiredPreferences r = RequiredPreferences.strictestOf(POLICY);
        assertThat(r.idle()).isEqualTo(Duration.ofMinutes(15));
        assertThat(r.max()).isEqualTo(Duration.ofMinutes(60));
        assertThat(r.s3Logging()).isTrue();
        assertThat(r.cloudWatchLogging()).isFalse();
    }

    @Test
    void eachTierGetsItsOwnDocumentAndTheIamStatementThatMakesUsersPickIt() throws Exception {
        try (GovernanceStore store = StoreKind.SQLITE.open(dir); SsmClient ssm = sandbox.ssm()) {
            AuditTrail trail = new AuditTrail(store, sandbox.clock());
            Governance governance = new Governance(aws, trail, sandbox.clock(), Duration.ofSeconds(30));

            assertThat(governance.auditPreferences(POLICY, false).get(0).tierDocuments())
                    .extracting(t -> t.document() + "=" + t.state())
                    .containsExactly("Warden-prod=MISSING", "Warden-default=MISSING");
            assertThat(governance.auditPreferences(POLICY, true).get(0).tierDocuments())
                    .extracting(TierDocument::state).containsOnly(TierDocument.State.CREATED);
            JsonNode prod = tierInputs(ssm, "Warden-prod");
            assertThat(prod.get("idleSessionTimeout").asText()).isEqualTo("15");
            assertThat(prod.get("maxSessionDuration").asText()).isEqualTo("60");
            assertThat(prod.get("s3EncryptionEnabled").asBoolean()).isTrue();
            JsonNode fallback = tierInputs(ssm, "Warden-default");
            assertThat(fallback.get("idleSessionTimeout").asText()).isEqualTo("20");
            assertThat(fallback.get("maxSessionDuration").asText()).isEqualTo("120");

            List<PreferenceReport> again = governance.auditPreferences(POLICY, false);
            assertThat(again.get(0).tierDocuments()).extracting(TierDocument::state)
                    .containsOnly(TierDocument.State.UP_TO_DATE);
            assertThat(again.get(0).documents()).extracting(DocumentAudit::document)
                    .as("tier documents hold their own tier's limits, not the strictest: not judged as preferences")
                    .doesNotContain("Warden-prod", "Warden-default");

            // Loosened behind the tool's back: different, then restored.
            String loosened = ssm.getDocument(r -> r.name("Warden-prod").documentFormat(DocumentFormat.JSON))
                    .content().replace("\"maxSessionDuration\":\"60\"", "\"maxSessionDuration\":\"600\"");
            ssm.updateDocument(r -> r.name("Warden-prod").documentVersion("$LATEST")
                    .documentFormat(DocumentFormat.JSON).content(loosened));
            ssm.updateDocumentDefaultVersion(r -> r.name("Warden-prod").documentVersion("2"));
            assertThat(governance.auditPreferences(POLICY, false).get(0).tierDocuments().get(0).state())
                    .isEqualTo(TierDocument.State.DIFFERENT);
            assertThat(governance.auditPreferences(POLICY, true).get(0).tierDocuments().get(0))
                    .satisfies(t -> assertThat(t.state()).as("error: %s", t.error()).isEqualTo(
                            TierDocument.State.UPDATED));
            assertThat(tierInputs(ssm, "Warden-prod").get("maxSessionDuration").asText()).isEqualTo("60");

            JsonNode statement = new ObjectMapper().readTree(again.get(0).tierDocuments().get(0).iamStatement());
            assertThat(statement.path("Action").asText()).isEqualTo("ssm:StartSession");
            assertThat(statement.path("Resource").toString())
                    .contains("arn:aws:ssm:us-east-1:123456789012:document/Warden-prod");
            assertThat(statement.path("Condition").path("BoolIfExists").path("ssm:SessionDocumentAccessCheck")
                    .asText()).isEqualTo("true");
            assertThat(statement.path("Condition").path("StringEquals").path("ssm:resourceTag/Environment").toString())
                    .isEqualTo("[\"prod\"]");
            assertThat(new ObjectMapper().readTree(again.get(0).tierDocuments().get(1).iamStatement())
                    .path("Condition").has("StringEquals")).as("the default tier selects no tag").isFalse();
        }
    }

    private static JsonNode tierInputs(SsmClient ssm, String name) throws Exception {
        return new ObjectMapper().readTree(ssm.getDocument(r -> r.name(name).documentFormat(DocumentFormat.JSON))
                .content()).get("inputs");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void findingsCarryEvidenceRemediationFixesThemAndDriftIsFoundAgain(StoreKind kind) {
        try (GovernanceStore store = kind.open(dir); SsmClient ssm = sandbox.ssm()) {
            AuditTrail trail = new AuditTrail(store, sandbox.clock());
            Governance governance = new Governance(aws, trail, sandbox.clock(), Duration.ofSeconds(30));

            DocumentAudit before = governance.auditPreferences(POLICY, false).get(0).documents().get(0);
            assertThat(before.document()).isEqualTo("SSM-SessionManagerRunShell");
            assertThat(before.findings()).extracting(PreferenceFinding::field)
                    .containsExactlyInAnyOrder("idleSessionTimeout", "maxSessionDuration", "s3BucketName");
            assertThat(before.findings()).filteredOn(f -> f.field().equals("maxSessionDuration")).singleElement()
                    .satisfies(f -> {
                        assertThat(f.version()).isEqualTo("1");
                        assertThat(f.expected()).isEqualTo("<= 60");
                        assertThat(f.actual()).startsWith("empty: no maximum");
                    });

            DocumentAudit fixed = governance.auditPreferences(POLICY, true).get(0).documents().get(0);
            assertThat(fixed.remediation()).hasValueSatisfying(r -> {
                assertThat(r.error()).isEmpty();
                assertThat(r.toVersion()).contains("2");
            });
            JsonNode inputs = inputs(ssm);
            assertThat(inputs.get("idleSessionTimeout").asText()).isEqualTo("15");
            assertThat(inputs.get("maxSessionDuration").asText()).isEqualTo("60");

            DocumentAudit after = governance.auditPreferences(POLICY, false).get(0).documents().get(0);
            assertThat(after.version()).isEqualTo("2");
            assertThat(after.findings()).extracting(PreferenceFinding::field).containsExactly("s3BucketName")
                    .as("a log bucket cannot be invented: still a finding");

            // Changed behind the tool's back: found on the next pass.
            String drifted = ssm.getDocument(r -> r.name("SSM-SessionManagerRunShell")
                    .documentFormat(DocumentFormat.JSON)).content().replace("\"idleSessionTimeout\":\"15\"",
                    "\"idleSessionTimeout\":\"45\"");
            String v3 = ssm.updateDocument(r -> r.name("SSM-SessionManagerRunShell").documentVersion("$LATEST")
                    .documentFormat(DocumentFormat.JSON).content(drifted)).documentDescription().documentVersion();
            ssm.updateDocumentDefaultVersion(r -> r.name("SSM-SessionManagerRunShell").documentVersion(v3));
            assertThat(governance.auditPreferences(POLICY, false).get(0).documents().get(0).findings())
                    .extracting(f -> f.field() + "=" + f.actual()).contains("idleSessionTimeout=45");

            List<JsonNode> actions = trail.records(RecordKind.ACTION, Instant.EPOCH,
                    Instant.parse("2100-01-01T00:00:00Z")).stream().map(a -> Payloads.decode(a.payload())).toList();
            assertThat(actions).filteredOn(a -> a.get("action").asText().equals("remediate")).singleElement()
                    .satisfies(a -> {
                assertThat(a.get("before").asText()).contains("\"maxSessionDuration\":\"\"");
                assertThat(a.get("after").asText()).contains("\"maxSessionDuration\":\"60\"");
            });
            assertThat(trail.verify().intact()).isTrue();

            // Coverage: before remediation the preferences enforced neither limit (0 covered); after it, the
            // tagged instances whose tier is decided by a tag (prod web and db; dev is in the default tier here).
            List<JsonNode> coverage = trail.records(RecordKind.OBSERVATION, Instant.EPOCH,
                    Instant.parse("2100-01-01T00:00:00Z")).stream().map(o -> Payloads.decode(o.payload()))
                    .filter(o -> o.path("observation").asText().equals("coverage")).toList();
            assertThat(coverage).extracting(o -> o.get("covered").asLong() + "/" + o.get("instances").asLong())
                    .containsExactly("0/4", "2/4", "2/4", "0/4");
            KpiReport kpis = Kpis.compute(trail, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
            assertThat(kpis.coverage()).contains(new KpiReport.Coverage(0, 4)).as("the latest audit counts");
        }
    }

    @Test
    void aCustomStandardStreamDocumentIsAuditedToo() {
        try (GovernanceStore store = StoreKind.SQLITE.open(dir); SsmClient ssm = sandbox.ssm()) {
            ssm.createDocument(r -> r.name("Team-Shell").documentType(DocumentType.SESSION)
                    .documentFormat(DocumentFormat.JSON).content("""
                            {"schemaVersion":"1.0","description":"team shell","sessionType":"Standard_Stream",
                             "inputs":{"idleSessionTimeout":"10","maxSessionDuration":"600",
                                       "s3BucketName":"session-logs-locked","s3EncryptionEnabled":true}}"""));
            Governance governance = new Governance(aws, new AuditTrail(store, sandbox.clock()), sandbox.clock(),
                    Duration.ofSeconds(30));
            List<DocumentAudit> audits = governance.auditPreferences(POLICY, false).get(0).documents();
            assertThat(audits).filteredOn(a -> a.document().equals("Team-Shell")).singleElement()
                    .satisfies(a -> assertThat(a.findings()).extracting(f -> f.field() + "=" + f.actual())
                            .containsExactly("maxSessionDuration=600"));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void customPortDocumentsAreAuditedOnTheirLimitsAndRemediated(StoreKind kind) throws Exception {
        try (GovernanceStore store = kind.open(dir); SsmClient ssm = sandbox.ssm()) {
            portDocument(ssm, "Team-PortForward", ",\"inputs\":{\"idleSessionTimeout\":\"30\"}");
            portDocument(ssm, "Tight-PortForward",
                    ",\"inputs\":{\"idleSessionTimeout\":\"10\",\"maxSessionDuration\":\"30\"}");
            portDocument(ssm, "Plain-PortForward", "");
            AuditTrail trail = new AuditTrail(store, sandbox.clock());
            Governance governance = new Governance(aws, trail, sandbox.clock(), Duration.ofSeconds(30));

            List<DocumentAudit> audits = governance.auditPreferences(POLICY, false).get(0).documents();
            assertThat(findings(audits, "Team-PortForward")).containsExactlyInAnyOrder("idleSessionTimeout: 30",
                    "maxSessionDuration: empty: no maximum (an idle timeout alone never ends an active session)");
            assertThat(findings(audits, "Tight-PortForward")).isEmpty();
            assertThat(findings(audits, "Plain-PortForward")).as("no limits of its own: the preferences apply")
                    .isEmpty();
            // Port sessions are not logged: the policy's S3 requirement is no finding for a port document.
            assertThat(trail.records(RecordKind.FINDING, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")))
                    .extracting(r -> Payloads.decode(r.payload()))
                    .filteredOn(p -> p.path("document").asText().equals("Team-PortForward"))
                    .extracting(p -> p.get("field").asText() + " v" + p.get("version").asText() + " expected "
                            + p.get("expected").asText())
                    .containsExactlyInAnyOrder("idleSessionTimeout v1 expected <= 15",
                            "maxSessionDuration v1 expected <= 60");

            assertThat(governance.auditPreferences(POLICY, true).get(0).documents())
                    .filteredOn(a -> a.document().equals("Team-PortForward")).singleElement()
                    .satisfies(a -> assertThat(a.remediation()).hasValueSatisfying(r -> {
                        assertThat(r.error()).isEmpty();
                        assertThat(r.toVersion()).contains("2");
                    }));
            JsonNode fixed = new ObjectMapper().readTree(ssm.getDocument(r -> r.name("Team-PortForward")
                    .documentFormat(DocumentFormat.JSON)).content());
            assertThat(fixed.path("inputs").path("idleSessionTimeout").asText()).isEqualTo("15");
            assertThat(fixed.path("inputs").path("maxSessionDuration").asText()).isEqualTo("60");
            assertThat(fixed.path("sessionType").asText()).isEqualTo("Port");
            assertThat(fixed.path("properties").path("type").asText()).as("the rest of the document is kept")
                    .isEqualTo("LocalPortForwarding");
            assertThat(findings(governance.auditPreferences(POLICY, false).get(0).documents(), "Team-PortForward"))
                    .isEmpty();
        }
    }

    /** A copy of AWS-StartPortForwardingSession, with {@code inputs} appended to its JSON. */
    private static void portDocument(SsmClient ssm, String name, String inputs) {
        ssm.createDocument(r -> r.name(name).documentType(DocumentType.SESSION).documentFormat(DocumentFormat.JSON)
                .content("""
                        {"schemaVersion":"1.0","description":"port forwarding","sessionType":"Port",
                         "parameters":{"portNumber":{"type":"String","default":"80"},
                                       "localPortNumber":{"type":"String","default":"0"}},
                         "properties":{"portNumber":"{{ portNumber }}","type":"LocalPortForwarding",
                                       "localPortNumber":"{{ localPortNumber }}"}%s}""".formatted(inputs)));
    }

    @Test
    void theLogDestinationsADocumentNamesAreChecked() {
        try (GovernanceStore store = StoreKind.SQLITE.open(dir); SsmClient ssm = sandbox.ssm()) {
            shellDocument(ssm, "Locked-Shell", "session-logs-locked", "/aws/ssm/encrypted");
            shellDocument(ssm, "Plain-Shell", "session-logs-plain", "/aws/ssm/plain");
            shellDocument(ssm, "Missing-Shell", "no-such-bucket", "/aws/ssm/none");
            Governance governance = new Governance(aws, new AuditTrail(store, sandbox.clock()), sandbox.clock(),
                    Duration.ofSeconds(30));
            List<DocumentAudit> audits = governance.auditPreferences(POLICY, false).get(0).documents();

            assertThat(findings(audits, "Locked-Shell")).isEmpty();
            assertThat(findings(audits, "Plain-Shell")).containsExactlyInAnyOrder(
                    "s3BucketName: session-logs-plain has no default encryption",
                    "s3BucketName: session-logs-plain has neither Object Lock nor versioning",
                    "cloudWatchLogGroupName: /aws/ssm/plain has no KMS key");
            assertThat(findings(audits, "Missing-Shell")).containsExactlyInAnyOrder(
                    "s3BucketName: no-such-bucket does not exist",
                    "cloudWatchLogGroupName: /aws/ssm/none does not exist");
        }
    }

    private static void shellDocument(SsmClient ssm, String name, String bucket, String logGroup) {
        ssm.createDocument(r -> r.name(name).documentType(DocumentType.SESSION).documentFormat(DocumentFormat.JSON)
                .content("""
                        {"schemaVersion":"1.0","description":"%s","sessionType":"Standard_Stream",
                         "inputs":{"idleSessionTimeout":"10","maxSessionDuration":"60","s3BucketName":"%s",
                                   "s3EncryptionEnabled":true,"cloudWatchLogGroupName":"%s",
                                   "cloudWatchEncryptionEnabled":true}}""".formatted(name, bucket, logGroup)));
    }

    private static List<String> findings(List<DocumentAudit> audits, String document) {
        return audits.stream().filter(a -> a.document().equals(document)).findFirst().orElseThrow().findings()
                .stream().map(f -> f.field() + ": " + f.actual()).toList();
    }

    private static JsonNode inputs(SsmClient ssm) {
        try {
            return new ObjectMapper().readTree(ssm.getDocument(r -> r.name("SSM-SessionManagerRunShell")
                    .documentFormat(DocumentFormat.JSON)).content()).get("inputs");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
