package dev.warden.sandbox.config;

import java.util.List;
import java.util.Map;

/**
 * The YAML file exactly as written, before defaults and validation. Every field is optional (null when
 * absent); {@link SandboxConfigLoader} turns this into a {@link SandboxConfig}. Unknown keys are rejected
 * by the parser, so the component names here are the complete list of allowed keys.
 */
record ConfigFile(String region, List<String> regions, String accountId, List<Account> accounts, Server server,
                  Auth auth, List<Credential> credentials,
                  Sts sts, Kms kms, Session session, List<Instance> fleet, Faults faults,
                  DataPlane dataPlane, Sns sns, Logs logs, S3 s3, Events events) {

    record Events(String sqsQueue, Http http, Double duplicateRate) {
    }

    record Http(String url, String headerName, String headerValue) {
    }

    record Sns(List<String> topics) {
    }

    record Logs(List<LogGroup> groups) {
    }

    record LogGroup(String name, String kmsKeyId, String accountId, String region) {
    }

    record S3(List<Bucket> buckets) {
    }

    record Bucket(String name, String encryption, String kmsKeyId, String versioning, Boolean objectLock,
                  String accountId, String region) {
    }

    record Account(String accountId, List<Role> roles) {
    }

    record Role(String name, String externalId) {
    }

    record Server(Integer port, String streamUrlBase) {
    }

    record Auth(String allowedClockSkew, Integer expiredTokenStatus) {
    }

    record Credential(String accessKeyId, String secretAccessKey, String user, String arn, String userId) {
    }

    record Sts(Integer minimumDurationSeconds, Integer maximumDurationSeconds, Integer defaultDurationSeconds) {
    }

    record Kms(List<KmsKey> keys) {
    }

    record KmsKey(String keyId, List<String> aliases) {
    }

    record Session(String tokenLifetime, String enforcementInterval, Map<String, Object> preferences,
                   String timeoutUnit) {
    }

    record Instance(String instanceId, String name, Map<String, String> tags, String agentVersion,
                    String platformName, String platformVersion, String ipAddress, String computerName,
                    String pingStatus, Map<String, String> portMappings, Map<String, String> remoteHosts,
                    String accountId, String region) {
    }

    record Faults(String dropDataChannelAfter, Boolean closeDataChannelOnCredentialExpiry, String agentReplyDelay,
                  Boolean rejectDataChannel, Double dropFrames, Double duplicateFrames, Double reorderFrames,
                  Long seed, String pausePublicationEvery, String pausePublicationFor, Integer maxFramesPerSecond,
                  Double throttleRate, List<String> throttleOperations) {
    }

    record DataPlane(Integer port, Boolean requireSignedUpgrade, Integer payloadSize, String shellOutputDelay,
                     String handshakeTimeout, String sessionLogDirectory) {
    }
}
