package dev.warden.governance.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {

    private static final String VALID = """
            scope:
              accounts:
                - id: "123456789012"
                  role: WardenGovernance
                  externalId: abc-123
              regions: [us-east-1, eu-west-1]
            tiers:
              - name: prod
                match: {Environment: [prod, production]}
                idleMinutes: 15
                maxMinutes: 60
                s3Logging: {required: true, encrypted: true}
                kmsKey: alias/session-manager
                runAs: ssm-user
              - name: dev
                match: {Environment: dev}
                idleMinutes: 60
                maxMinutes: 480
            defaultTier:
              idleMinutes: 20
              maxMinutes: 120
            exemptions:
              - principal: "arn:aws:sts::123456789012:assumed-role/BreakGlass/*"
                ticket: INC-1
                expires: 2026-12-31
            dryRun: true
            warningLeadMinutes: 10
            alerts:
              webhook: https://hooks.example.com/x
              snsTopics: [arn:aws:sns:us-east-1:123456789012:alerts]
            """;

    @Test
    void aValidPolicyIsReadWithEveryField() {
        Policy policy = PolicyLoader.parse(VALID, "p.yaml");
        assertThat(policy.scope().regions()).containsExactly("us-east-1", "eu-west-1");
        AccountScope account = policy.scope().accounts().get(0);
        assertThat(account.roleArn()).contains("arn:aws:iam::123456789012:role/WardenGovernance");
        assertThat(account.externalId()).contains("abc-123");
        assertThat(account.toString()).doesNotContain("abc-123");
        Tier prod = policy.tiers().get(0);
        assertThat(prod.idle()).isEqualTo(Duration.ofMinutes(15));
        assertThat(prod.max()).isEqualTo(Duration.ofMinutes(60));
        assertThat(prod.s3()).isEqualTo(new LoggingRequirement(true, true));
        assertThat(prod.cloudWatch()).isEqualTo(LoggingRequirement.NONE);
        assertThat(prod.kmsKey()).contains("alias/session-manager");
        assertThat(prod.runAs()).contains("ssm-user");
        assertThat(policy.defaultTier().name()).isEqualTo("default");
        assertThat(policy.dryRun()).isTrue();
        assertThat(policy.warningLead()).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.ownerTag()).isEqualTo("Owner");
        assertThat(policy.alerts().snsTopics()).containsExactly("arn:aws:sns:us-east-1:123456789012:alerts");
        assertThat(policy.exemptions().get(0).expires()).isEqualTo(Instant.parse("2026-12-31T00:00:00Z"));
    }

    @Test
    void theFirstMatchingTierWinsAndTheDefaultTakesTheRest() {
        Policy policy = PolicyLoader.parse(VALID, "p.yaml");
        assertThat(policy.tierFor(Map.of("Environment", "production")).name()).isEqualTo("prod");
        assertThat(policy.tierFor(Map.of("Environment", "dev", "Team", "x")).name()).isEqualTo("dev");
        assertThat(policy.tierFor(Map.of("Environment", "qa")).name()).isEqualTo("default");
        assertThat(policy.tierFor(Map.of()).name()).isEqualTo("default");
        assertThat(policy.tierDecidingTags()).containsExactly("Environment");
    }

    @Test
    void exemptionPrincipalsAreGlobs() {
        Exemption e = PolicyLoader.parse(VALID, "p.yaml").exemptions().get(0);
        assertThat(e.covers("arn:aws:sts::123456789012:assumed-role/BreakGlass/alice", "i-1")).isTrue();
        assertThat(e.covers("arn:aws:sts::123456789012:assumed-role/Admin/alice", "i-1")).isFalse();
        assertThat(e.isActiveAt(Instant.parse("2026-12-30T23:59:59Z"))).isTrue();
        assertThat(e.isActiveAt(Instant.parse("2026-12-31T00:00:00Z"))).isFalse();
    }

    @Test
    void theDocumentedExampleIsValid() {
        Path example = Path.of(System.getProperty("user.dir")).resolve("../docs/examples/governance-policy.yaml");
        Policy policy = PolicyLoader.load(example);
        assertThat(policy.tiers()).extracting(Tier::name).containsExactly("prod", "staging", "dev");
        assertThat(policy.defaultTier().name()).isEqualTo("untagged");
    }

    @Test
    void aYamlSyntaxErrorIsLocated() {
        List<PolicyProblem> problems = problemsOf("scope:\n  regions: [us-east-1\n  accounts: x\n");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).message()).startsWith("not valid YAML");
        assertThat(problems.get(0).line()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anEmptyFileNamesWhatIsRequired() {
        assertThat(problemsOf("")).singleElement().satisfies(p ->
                assertThat(p.message()).contains("scope and defaultTier"));
    }

    @Test
    void missingRequiredSectionsAreEachReported() {
        List<PolicyProblem> problems = problemsOf("dryRun: false\n");
        assertThat(problems).extracting(PolicyProblem::field).containsExactlyInAnyOrder("scope", "defaultTier");
    }

    @Test
    void everyErrorIsReportedWithLineAndField() {
        String yaml = """
                scope:
                  accounts:
                    - id: 12345
                      role: "bad role!"
                  regions: [us-east-1, mars-1]
                tiers:
                  - name: prod
                    match: {Environment: prod}
                    idleMinutes: 0
                    maxMinutes: 2000
                  - name: prod
                    match: {}
                    idleMinutes: fifteen
                    maxMinutes: 60
                    s3Logging: {required: false, encrypted: true}
                    kmsKey: not-a-key
                defaultTier:
                  idleMinutes: 90
                  maxMinutes: 60
                  colour: blue
                exemptions:
                  - reason: oncall
                    expires: tomorrow
                dryRun: "yes"
                alerts:
                  webhook: "ftp://example.com/secret-token"
                  snsTopics: [not-an-arn]
                """;
        List<PolicyProblem> problems = problemsOf(yaml);
        assertThat(problems).extracting(p -> p.line() + " " + p.field()).contains(
                "3 scope.accounts[0].id",
                "4 scope.accounts[0].role",
                "5 scope.regions[1]",
                "9 tiers[0].idleMinutes",
                "10 tiers[0].maxMinutes",
                "11 tiers[1].name",
                "12 tiers[1].match",
                "13 tiers[1].idleMinutes",
                "15 tiers[1].s3Logging.encrypted",
                "16 tiers[1].kmsKey",
                "18 defaultTier.idleMinutes",
                "20 defaultTier.colour",
                "22 exemptions[0]",
                "23 exemptions[0].expires",
                "24 dryRun",
                "26 alerts.webhook",
                "27 alerts.snsTopics[0]");
        assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo("p.yaml"));
        assertThat(problems).filteredOn(p -> p.field().equals("tiers[0].maxMinutes")).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("must be between 1 and 1440 minutes, was 2000"));
        assertThat(problems).filteredOn(p -> p.field().equals("defaultTier.colour")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("unknown key").contains("maxMinutes"));
        assertThat(problems).filteredOn(p -> p.field().equals("tiers[1].name")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("'prod' is already used"));
        assertThat(problems.toString()).doesNotContain("secret-token");
    }

    @Test
    void aDuplicateKeyIsAnError() {
        List<PolicyProblem> problems = problemsOf("""
                scope: {accounts: [{id: "123456789012"}], regions: [us-east-1]}
                defaultTier: {idleMinutes: 20, maxMinutes: 60}
                dryRun: true
                dryRun: false
                """);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("dryRun");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("appears twice");
        });
    }

    @Test
    void aRoleArnInAnotherAccountAndAnExternalIdWithoutRoleAreErrors() {
        List<PolicyProblem> problems = problemsOf("""
                scope:
                  accounts:
                    - id: "123456789012"
                      role: arn:aws:iam::999999999999:role/Warden
                    - id: "210987654321"
                      externalId: abc-123
                  regions: [us-east-1]
                defaultTier: {idleMinutes: 20, maxMinutes: 60}
                """);
        assertThat(problems).extracting(PolicyProblem::toString).containsExactly(
                "p.yaml:4:7: scope.accounts[0].role: the role ARN is in account 999999999999, not 123456789012",
                "p.yaml:6:7: scope.accounts[1].externalId: needs a role: the external id is presented when "
                        + "assuming it");
    }

    @Test
    void anExemptionNeedsASubjectAJustificationAndAnExpiry() {
        List<PolicyProblem> problems = problemsOf("""
                scope: {accounts: [{id: "123456789012"}], regions: [us-east-1]}
                defaultTier: {idleMinutes: 20, maxMinutes: 60}
                exemptions:
                  - {}
                """);
        assertThat(problems).extracting(PolicyProblem::message).containsExactlyInAnyOrder(
                "an exemption names a principal pattern, a target, or both",
                "an exemption needs a reason or a ticket, so that its use can be justified",
                "is required (text)");
    }

    private static List<PolicyProblem> problemsOf(String yaml) {
        return catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse(yaml, "p.yaml")).problems();
    }
}
