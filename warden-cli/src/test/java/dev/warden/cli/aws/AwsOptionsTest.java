package dev.warden.cli.aws;

import dev.warden.cli.CommandFailure;
import dev.warden.cli.ExitCodes;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flags first, then the AWS CLI's environment variables, as the AWS CLI resolves them. */
class AwsOptionsTest {

    @Test
    void flags_win_over_the_environment() {
        AwsSettings s = new AwsOptions("eu-west-1", "ops", "http://127.0.0.1:1").resolve(Map.of(
                "AWS_REGION", "us-east-1", "AWS_PROFILE", "dev", "AWS_ENDPOINT_URL_SSM", "http://127.0.0.1:2"));
        assertThat(s.region()).isEqualTo("eu-west-1");
        assertThat(s.profile()).contains("ops");
        assertThat(s.fromFlag()).isTrue();
        assertThat(s.ssmEndpoint()).isEqualTo(URI.create("http://127.0.0.1:1"));
    }

    @Test
    void the_environment_fills_in_what_the_flags_leave_out() {
        AwsSettings s = new AwsOptions(null, null, null).resolve(Map.of("AWS_DEFAULT_REGION", "ap-south-1",
                "AWS_PROFILE", "dev", "AWS_ENDPOINT_URL", "http://127.0.0.1:3",
                "AWS_ENDPOINT_URL_SSM", "http://127.0.0.1:2"));
        assertThat(s.region()).isEqualTo("ap-south-1");
        assertThat(s.profile()).contains("dev");
        assertThat(s.fromFlag()).isFalse();
        assertThat(s.ssmEndpoint()).isEqualTo(URI.create("http://127.0.0.1:2"));
        assertThat(s.kmsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:3"));
    }

    @Test
    void aws_region_wins_over_aws_default_region() {
        AwsSettings s = new AwsOptions().resolve(Map.of("AWS_REGION", "us-west-2", "AWS_DEFAULT_REGION", "eu-west-1"));
        assertThat(s.region()).isEqualTo("us-west-2");
        assertThat(s.ssmEndpoint()).isNull();
    }

    @Test
    void a_malformed_endpoint_is_a_usage_error_naming_its_source() {
        assertThatThrownBy(() -> new AwsOptions("us-east-1", null, "localhost:8080").resolve(Map.of()))
                .isInstanceOfSatisfying(CommandFailure.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
                    assertThat(e.getMessage()).contains("--endpoint-url").contains("localhost:8080");
                });
    }
}
