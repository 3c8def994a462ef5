package dev.warden.cli.aws;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which credentials can outlive their expiry, read from real profiles through the SDK. */
class CredentialsCheckTest {

    @TempDir
    Path dir;

    @BeforeEach
    void useTemporaryConfigFiles() throws IOException {
        Path config = dir.resolve("config");
        Files.writeString(config, """
                [profile fixed]
                region = us-east-1
                aws_access_key_id = ASIAFIXEDEXAMPLE0001
                aws_secret_access_key = fixedSecret
                aws_session_token = fixedToken

                [profile longterm]
                region = us-east-1
                aws_access_key_id = AKIALONGTERMEXAMPLE1
                aws_secret_access_key = longSecret

                [profile renewing]
                region = us-east-1
                credential_process = echo '{"Version":1,"AccessKeyId":"ASIARENEWEXAMPLE0001","SecretAccessKey":"s","SessionToken":"t","Expiration":"2099-01-01T00:00:00Z"}'
                """);
        Files.writeString(dir.resolve("credentials"), "");
        System.setProperty("aws.configFile", config.toString());
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("credentials").toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("aws.configFile");
        System.clearProperty("aws.sharedCredentialsFile");
    }

    @Test
    void a_profile_with_a_fixed_session_token_cannot_be_refreshed_and_says_so() {
        CredentialsCheck check = check("fixed");
        assertThat(check.fixedTemporary()).isTrue();
        assertThat(check.notice()).hasValueSatisfying(n -> assertThat(n).contains("ASIAFIXEDEXAMPLE0001")
                .contains("cannot be refreshed").contains("credential_process, SSO or role_arn")
                .doesNotContain("fixedSecret").doesNotContain("fixedToken"));
    }

    @Test
    void long_term_keys_need_no_notice() {
        assertThat(check("longterm").notice()).isEmpty();
    }

    @Test
    void a_credential_process_profile_is_refreshable_and_its_expiry_is_known() {
        CredentialsCheck check = check("renewing");
        assertThat(check.fixedTemporary()).isFalse();
        assertThat(check.expiry()).contains(Instant.parse("2099-01-01T00:00:00Z"));
        assertThat(check.notice()).isEmpty();
    }

    private static CredentialsCheck check(String profile) {
        AwsSettings settings = new AwsOptions(null, profile, null).resolve(Map.of());
        return CredentialsCheck.of(settings, settings.credentialsProvider());
    }
}
