package dev.warden.cli.aws;

import dev.warden.cli.CommandFailure;
import dev.warden.cli.ExitCodes;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.SandboxClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Target lookup through the sandbox's DescribeInstanceInformation and ListTagsForResource. */
class TargetResolverTest {

    private static Sandbox sandbox;
    private static SsmClient ssm;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                fleet:
                  - instanceId: i-0aaaaaaaaaaaaaaa1
                    name: web-prod-1
                    tags: {Environment: prod}
                  - instanceId: i-0aaaaaaaaaaaaaaa2
                    name: worker
                    tags: {Environment: dev}
                  - instanceId: i-0aaaaaaaaaaaaaaa3
                    name: worker
                    tags: {Environment: dev}
                """, "targets.yaml"));
        ssm = SandboxClients.withoutRetries(SsmClient.builder(), sandbox);
    }

    @AfterAll
    static void stop() {
        ssm.close();
        sandbox.close();
    }

    @Test
    void an_instance_id_is_used_as_is() {
        assertThat(new TargetResolver(ssm).resolve("i-0123456789abcdef0")).isEqualTo("i-0123456789abcdef0");
        assertThat(new TargetResolver(ssm).resolve("mi-0123456789abcdef0")).isEqualTo("mi-0123456789abcdef0");
    }

    @Test
    void a_name_tag_value_resolves_to_its_one_instance() {
        assertThat(new TargetResolver(ssm).resolve("web-prod-1")).isEqualTo("i-0aaaaaaaaaaaaaaa1");
    }

    @Test
    void a_tag_key_value_resolves_to_its_one_instance() {
        assertThat(new TargetResolver(ssm).resolve("tag:Environment=prod")).isEqualTo("i-0aaaaaaaaaaaaaaa1");
    }

    @Test
    void no_match_is_a_failure_that_says_what_was_looked_for() {
        assertThatThrownBy(() -> new TargetResolver(ssm).resolve("nope"))
                .isInstanceOfSatisfying(CommandFailure.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCodes.FAILURE);
                    assertThat(e.getMessage()).contains("no managed instance with the Name tag 'nope'");
                });
    }

    @Test
    void several_matches_list_every_candidate_with_its_name() {
        assertThatThrownBy(() -> new TargetResolver(ssm).resolve("tag:Environment=dev"))
                .isInstanceOfSatisfying(CommandFailure.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCodes.FAILURE);
                    assertThat(e.getMessage()).contains("2 managed instances match 'tag:Environment=dev': ")
                            .contains("i-0aaaaaaaaaaaaaaa2 (worker)").contains("i-0aaaaaaaaaaaaaaa3 (worker)");
                });
    }

    @Test
    void a_malformed_tag_target_is_a_usage_error() {
        assertThatThrownBy(() -> new TargetResolver(ssm).resolve("tag:Environment"))
                .isInstanceOfSatisfying(CommandFailure.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    }
}
