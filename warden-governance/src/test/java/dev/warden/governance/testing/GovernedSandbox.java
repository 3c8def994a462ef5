package dev.warden.governance.testing;

import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.SandboxFixture;

/**
 * A sandbox with a tagged fleet, an SNS topic for alerts, and session-log buckets and log groups (one compliant,
 * one not, of each) for governance tests: its own idle and maximum-duration enforcement is off
 * (so only Warden ends sessions), and it accepts signatures up to two days off its clock, so that tests can age
 * sessions by moving {@link SandboxFixture#clock()} instead of sleeping.
 */
public final class GovernedSandbox {

    public static final String ACCOUNT = SandboxFixture.ACCOUNT;
    public static final String WEB_PROD = "i-00000000000000a01";
    public static final String DB_PROD = "i-00000000000000a02";
    public static final String WEB_DEV = "i-00000000000000a03";
    public static final String SCRATCH = "i-00000000000000a04";
    /** The one SNS topic the sandbox has. */
    public static final String ALERT_TOPIC = "arn:aws:sns:us-east-1:123456789012:warden-alerts";

    private static final String CONFIG = """
            auth:
              allowedClockSkew: 2d
            session:
              enforcementInterval: 0s
            sns:
              topics: [%s]
            s3:
              buckets:
                - {name: session-logs-locked, encryption: AES256, versioning: Enabled, objectLock: true}
                - {name: session-logs-plain, encryption: none}
            logs:
              groups:
                - {name: /aws/ssm/encrypted, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
                - {name: /aws/ssm/plain}
            fleet:
              - instanceId: %s
                name: web-prod-1
                tags: {Environment: prod, Owner: team-web}
              - instanceId: %s
                name: db-prod-1
                tags: {Environment: prod, Owner: team-db}
              - instanceId: %s
                name: web-dev-1
                tags: {Environment: dev, Owner: team-web}
              - instanceId: %s
                name: scratch-1
                tags: {}
            """.formatted(ALERT_TOPIC, WEB_PROD, DB_PROD, WEB_DEV, SCRATCH);

    private GovernedSandbox() {
    }

    public static SandboxFixture start() {
        return start("");
    }

    /** The same sandbox with more top-level configuration, e.g. its {@code events:} targets. */
    public static SandboxFixture start(String moreYaml) {
        return new SandboxFixture(SandboxConfigLoader.fromYaml(CONFIG + moreYaml, "governed-sandbox.yaml"));
    }
}
