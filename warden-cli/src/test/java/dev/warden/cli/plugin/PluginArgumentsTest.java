package dev.warden.cli.plugin;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginArgumentsTest {

    private static final String RESPONSE = "{\"SessionId\":\"s-1\",\"TokenValue\":\"secret-token\",\"StreamUrl\":\"wss://h/x\"}";
    private static final String REQUEST = "{\"Target\": \"i-0123\", \"DocumentName\": \"AWS-StartSSHSession\"}";

    @Test
    void without_arguments_it_answers_the_cli_presence_check_as_the_official_plugin() {
        assertThat(parse()).isEqualTo(new PluginArguments.Print(
                "\nThe Session Manager plugin was installed successfully. Use the AWS CLI to start a session.\n\n"));
    }

    @Test
    void version_is_a_dotted_number_newer_than_the_last_plugin_without_the_environment_variable() {
        PluginArguments.Print print = (PluginArguments.Print) parse("--version");
        assertThat(print.text()).matches("\\d+(\\.\\d+){0,3}\n");
        assertThat(compare(print.text().trim(), "1.2.497.0")).isPositive();
    }

    @Test
    void an_unknown_single_argument_or_operation_is_answered_like_the_official_plugin() {
        assertThat(((PluginArguments.Print) parse("-v")).text()).contains("Unknown operation -v. ");
        assertThat(((PluginArguments.Print) parse(RESPONSE, "us-east-1", "ResumeSession")).text())
                .isEqualTo("Invalid Operation");
    }

    @Test
    void the_six_arguments_of_the_cli_are_read_in_order() {
        PluginArguments.Invocation inv = (PluginArguments.Invocation) parse(RESPONSE, "eu-west-1", "StartSession",
                "dev", REQUEST, "https://ssm.eu-west-1.amazonaws.com");
        assertThat(inv.responseJson()).isEqualTo(RESPONSE);
        assertThat(inv.region()).isEqualTo("eu-west-1");
        assertThat(inv.profile()).isEqualTo("dev");
        assertThat(inv.requestJson()).isEqualTo(REQUEST);
        assertThat(inv.endpoint()).isEqualTo("https://ssm.eu-west-1.amazonaws.com");
        assertThat(inv.legacyCli()).isFalse();
        assertThat(inv.toString()).doesNotContain("secret-token");
    }

    @Test
    void newer_clis_name_the_environment_variable_that_holds_the_response() {
        PluginArguments.Invocation inv = (PluginArguments.Invocation) PluginArguments.parse(
                List.of("AWS_SSM_START_SESSION_RESPONSE", "us-east-1", "StartSession", "", REQUEST, ""),
                Map.of("AWS_SSM_START_SESSION_RESPONSE", RESPONSE)::get);
        assertThat(inv.responseJson()).isEqualTo(RESPONSE);
        assertThat(inv.profile()).isEmpty();
    }

    @Test
    void a_named_variable_that_is_not_set_is_an_error_naming_the_variable() {
        assertThatThrownBy(() -> PluginArguments.parse(
                List.of("AWS_SSM_START_SESSION_RESPONSE_1", "us-east-1", "StartSession"), name -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_SSM_START_SESSION_RESPONSE_1");
    }

    @Test
    void three_arguments_are_the_legacy_cli() {
        PluginArguments.Invocation inv = (PluginArguments.Invocation) parse(RESPONSE, "us-east-1", "StartSession");
        assertThat(inv.legacyCli()).isTrue();
        assertThat(inv.requestJson()).isEmpty();
    }

    private static PluginArguments.Parsed parse(String... args) {
        return PluginArguments.parse(List.of(args), name -> null);
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
