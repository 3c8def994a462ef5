package dev.warden.sandbox.agent.shell;

import dev.warden.protocol.crypto.GeneratedDataKey;
import dev.warden.protocol.crypto.SessionDataKey;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.SandboxClients;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.ResumeSessionResponse;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

/**
 * A running sandbox with one instance, started from YAML, and an SDK client to start sessions on it; the
 * sessions' data channels are then opened with {@link ShellClient}.
 */
final class ShellSandbox implements AutoCloseable {

    static final String INSTANCE = "i-0bbbbbbbbbbbbbbb1";

    private final Sandbox sandbox;
    private final SsmClient ssm;
    private final KmsClient kms;

    /** @param extraYaml further top-level sections (session preferences, dataPlane settings) */
    ShellSandbox(String extraYaml) {
        String yaml = """
                fleet:
                  - instanceId: %s
                    name: shell-test-1
                    tags: {Environment: dev}
                    agentVersion: 3.3.987.0
                """.formatted(INSTANCE) + extraYaml;
        sandbox = Sandbox.start(SandboxConfigLoader.fromYaml(yaml, "shell-test.yaml"));
        ssm = SandboxClients.withoutRetries(SsmClient.builder(), sandbox);
        kms = SandboxClients.withoutRetries(KmsClient.builder(), sandbox);
    }

    /** Starts a session with {@code document} (null: the default shell) and connects a client to it. */
    ShellClient open(String document, Map<String, String> parameters) {
        StartSessionResponse started = start(document, parameters);
        return ShellClient.connect(started.streamUrl(), started.tokenValue()).forSession(started.sessionId());
    }

    /** Starts the default shell and connects a client that answers KMS encryption with the sandbox's KMS. */
    ShellClient openEncryptedShell() {
        StartSessionResponse started = start(null, Map.of());
        return ShellClient.connect(started.streamUrl(), started.tokenValue(), (keyId, challenge) -> {
            Map<String, String> context = new LinkedHashMap<>();
            context.put("aws:ssm:SessionId", started.sessionId());
            context.put("aws:ssm:TargetId", INSTANCE);
            challenge.ifPresent(c -> context.put("aws:ssm:RandomChallenge", c));
            GenerateDataKeyResponse key = kms.generateDataKey(r -> r.keyId(keyId)
                    .numberOfBytes(SessionDataKey.LENGTH).encryptionContext(context));
            return new GeneratedDataKey(SessionDataKey.of(key.plaintext().asByteArray()),
                    key.ciphertextBlob().asByteArray(), challenge.isPresent());
        }).forSession(started.sessionId());
    }

    private StartSessionResponse start(String document, Map<String, String> parameters) {
        return ssm.startSession(r -> {
            r.target(INSTANCE);
            if (document != null) {
                r.documentName(document);
            }
            Map<String, List<String>> params = new LinkedHashMap<>();
            parameters.forEach((name, value) -> params.put(name, List.of(value)));
            if (!params.isEmpty()) {
                r.parameters(params);
            }
        });
    }

    ShellClient openShell() {
        return open(null, Map.of());
    }

    /** Resumes a session whose connection dropped, and connects the client again with the new token. */
    void resume(ShellClient client) {
        ResumeSessionResponse resumed = ssm.resumeSession(r -> r.sessionId(client.sessionId()));
        client.reconnect(resumed.streamUrl(), resumed.tokenValue());
    }

    /** Ends a session through the API, as {@code aws ssm terminate-session} does. */
    void terminate(String sessionId) {
        ssm.terminateSession(r -> r.sessionId(sessionId));
    }

    /** Creates a Session document from its JSON content. */
    void createDocument(String name, String content) {
        ssm.createDocument(r -> r.name(name).documentType(DocumentType.SESSION).content(content));
    }

    @Override
    public void close() {
        ssm.close();
        kms.close();
        sandbox.close();
    }
}
