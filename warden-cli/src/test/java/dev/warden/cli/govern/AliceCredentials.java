package dev.warden.cli.govern;

import dev.warden.sandbox.testing.SandboxFixture;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test the sandbox user Alice's keys the way a user gives them to {@code warden govern}: through the
 * SDK's default credentials chain (here its {@code aws.accessKeyId} / {@code aws.secretAccessKey} system
 * properties), taken away again after the test.
 */
final class AliceCredentials implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        System.setProperty("aws.accessKeyId", SandboxFixture.ALICE.accessKeyId());
        System.setProperty("aws.secretAccessKey", SandboxFixture.ALICE.secretAccessKey());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }
}
