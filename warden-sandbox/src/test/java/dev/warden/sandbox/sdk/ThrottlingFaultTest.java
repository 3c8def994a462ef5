package dev.warden.sandbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.faults.ApiThrottling;
import dev.warden.sandbox.testing.SandboxFixture;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** The throttling fault: ThrottlingException as AWS sends it, which the SDK recognises and retries. */
class ThrottlingFaultTest {

    private SandboxFixture sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aThrottledCallIsTheServicesThrottlingException() {
        sandbox = new SandboxFixture(SandboxConfigLoader.fromYaml("faults: {throttleRate: 1.0}", "throttle.yaml"));
        SsmClient ssm = sandbox.ssm();

        assertThatThrownBy(ssm::describeInstanceInformation)
                .isInstanceOfSatisfying(SsmException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.isThrottlingException()).isTrue();
                });
        assertThat(sandbox.server().throttling().throttledCalls()).isEqualTo(1);
    }

    @Test
    void onlyTheNamedOperationsAreThrottled() {
        sandbox = new SandboxFixture(SandboxConfigLoader.fromYaml(
                "faults: {throttleRate: 1.0, throttleOperations: [DescribeSessions]}", "throttle.yaml"));
        SsmClient ssm = sandbox.ssm();

        assertThat(ssm.describeInstanceInformation().instanceInformationList()).isNotEmpty();
        assertThatThrownBy(() -> ssm.describeSessions(r -> r.state("Active")))
                .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.isThrottlingException()).isTrue());
    }

    @Test
    void theFaultCanBeSwitchedWhileTheSandboxRuns() {
        sandbox = new SandboxFixture();
        SsmClient ssm = sandbox.ssm();
        ApiThrottling throttling = sandbox.server().throttling();

        throttling.throttle(1.0, Set.of());
        assertThatThrownBy(ssm::describeInstanceInformation).isInstanceOf(SsmException.class);
        throttling.throttle(0.0, Set.of());
        assertThat(ssm.describeInstanceInformation().instanceInformationList()).isNotEmpty();
    }

    @Test
    void theSdksRetriesRideThroughPartialThrottling() {
        sandbox = new SandboxFixture(SandboxConfigLoader.fromYaml("faults: {throttleRate: 0.5, seed: 7}",
                "throttle.yaml"));
        BackoffStrategy quick = BackoffStrategy.fixedDelay(Duration.ofMillis(1));
        try (SsmClient ssm = SsmClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(SandboxFixture.ALICE))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(12).backoffStrategy(quick).throttlingBackoffStrategy(quick)
                        .circuitBreakerEnabled(false).build()))
                .build()) {
            for (int i = 0; i < 20; i++) {
                assertThat(ssm.describeInstanceInformation().instanceInformationList()).isNotEmpty();
            }
        }
        assertThat(sandbox.server().throttling().throttledCalls()).isPositive();
    }

    @Test
    void badSettingsAreConfigurationErrors() {
        assertThatThrownBy(() -> SandboxConfigLoader.fromYaml("faults: {throttleRate: 1.5}", "bad.yaml"))
                .hasMessageContaining("faults.throttleRate");
        assertThatThrownBy(() -> SandboxConfigLoader.fromYaml("faults: {throttleOperations: [describe sessions]}",
                "bad.yaml")).hasMessageContaining("faults.throttleOperations[0]");
    }
}
