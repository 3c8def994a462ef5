package dev.warden.cli.plugin;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionKindTest {

    @Test
    void the_request_names_target_document_and_parameters_and_defaults_to_the_shell_document() {
        PluginRequest ssh = PluginRequest.fromJson("{\"Target\": \"i-1\", \"DocumentName\": \"AWS-StartSSHSession\","
                + " \"Parameters\": {\"portNumber\": [\"22\"]}}");
        assertThat(ssh.target()).isEqualTo("i-1");
        assertThat(ssh.parameter("portNumber")).isEqualTo("22");
        assertThat(PluginRequest.fromJson("{\"Target\": \"i-1\"}").documentName())
                .isEqualTo("SSM-SessionManagerRunShell");
    }

    @Test
    void a_request_without_target_is_refused_without_quoting_it() {
        assertThatThrownBy(() -> PluginRequest.fromJson("{\"DocumentName\": \"x\"}"))
                .hasMessage("the StartSession request parameters name no Target");
        assertThatThrownBy(() -> PluginRequest.fromJson("{not json"))
                .hasMessage("the StartSession request parameters are not valid JSON");
    }

    @Test
    void aws_documents_are_known_by_name_without_reading_them() {
        assertThat(kind("AWS-StartPortForwardingSession", unreadable())).isEqualTo(SessionKind.PORT);
        assertThat(kind("AWS-StartSSHSession", unreadable())).isEqualTo(SessionKind.PORT);
        assertThat(kind("AWS-StartInteractiveCommand", unreadable())).isEqualTo(SessionKind.SHELL);
        assertThat(PluginRequest.fromJson("{\"Target\": \"i-1\"}").documentName()).isNotNull();
        assertThat(SessionKind.of(PluginRequest.fromJson("{\"Target\": \"i-1\"}"), unreadable()))
                .isEqualTo(SessionKind.SHELL);
    }

    @Test
    void custom_documents_are_known_by_their_session_type() {
        assertThat(kind("Team-Tunnel", name -> Optional.of("{\"sessionType\": \"Port\"}")))
                .isEqualTo(SessionKind.PORT);
        assertThat(kind("Team-Shell", name -> Optional.of("{\"sessionType\": \"InteractiveCommands\"}")))
                .isEqualTo(SessionKind.SHELL);
    }

    @Test
    void unreadable_custom_documents_are_port_sessions_when_they_take_a_port_number() {
        PluginRequest tunnel = new PluginRequest("i-1", "Team-Tunnel", java.util.Map.of("portNumber", List.of("5432")));
        assertThat(SessionKind.of(tunnel, unreadable())).isEqualTo(SessionKind.PORT);
        assertThat(kind("Team-Shell", unreadable())).isEqualTo(SessionKind.SHELL);
    }

    private static SessionKind kind(String document, java.util.function.Function<String, Optional<String>> reader) {
        return SessionKind.of(new PluginRequest("i-1", document, java.util.Map.of()), reader);
    }

    private static java.util.function.Function<String, Optional<String>> unreadable() {
        return name -> Optional.empty();
    }
}
