package dev.warden.client.e2e;

import dev.warden.client.ClientOptions;
import dev.warden.client.SessionEnd;
import dev.warden.client.SessionListener;
import dev.warden.client.WardenClient;
import dev.warden.client.shell.ShellSession;
import dev.warden.client.testing.RecordingShellListener;
import dev.warden.sandbox.testing.SandboxClients;
import dev.warden.protocol.payload.TerminalSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.StartSessionRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shell sessions through the sandbox's emulated agent, which runs a real shell in a real pseudo-terminal: an
 * interactive shell runs a command and ends (without an exit code: the agent sends one only for non-interactive
 * commands with separate output), a non-interactive command session with separate output returns its output,
 * its error output and its exit code, and a shell whose preferences name a KMS key is encrypted both ways with a
 * data key from the sandbox's KMS.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShellEndToEndTest {

    @Test
    void an_interactive_shell_runs_a_command_and_ends_without_an_exit_code_as_with_the_agent() throws Exception {
        try (SandboxFixture fixture = new SandboxFixture("");
             WardenClient client = fixture.client(fixture.staticCredentials(), ClientOptions.defaults())) {
            RecordingShellListener output = new RecordingShellListener();
            ShellSession shell = client.startShellSession(StartSessionRequest.builder()
                    .target(SandboxFixture.NEW_AGENT).build(), output, new TerminalSize(100, 30), null)
                    .get(20, TimeUnit.SECONDS);
            shell.send("echo hello-$((6 * 7)); exit 3\r".getBytes(StandardCharsets.US_ASCII));
            SessionEnd end = shell.completion().get(20, TimeUnit.SECONDS);
            assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CLOSED_BY_SERVICE);
            assertThat(output.exitCode()).isNotDone();
            assertThat(output.text()).contains("hello-42");
        }
    }

    @Test
    void a_non_interactive_command_with_separate_output_returns_its_output_and_exit_code() throws Exception {
        try (SandboxFixture fixture = new SandboxFixture("");
             WardenClient client = fixture.client(fixture.staticCredentials(), ClientOptions.defaults());
             SsmClient ssm = SandboxClients.withoutRetries(SsmClient.builder(), fixture.sandbox)) {
            ssm.createDocument(r -> r.name("Run-Separately").documentType(DocumentType.SESSION).content("""
                    {"schemaVersion": "1.0", "description": "A command with separate output streams",
                     "sessionType": "NonInteractiveCommands",
                     "parameters": {"command": {"type": "String", "description": "the command"}},
                     "properties": {"linux": {"commands": "{{ command }}", "separateOutputStream": true,
                                              "stdOutSeparatorPrefix": "", "stdErrSeparatorPrefix": ""}}}
                    """));
            RecordingShellListener output = new RecordingShellListener();
            ShellSession shell = client.startShellSession(StartSessionRequest.builder()
                    .target(SandboxFixture.NEW_AGENT).documentName("Run-Separately")
                    .parameters(Map.of("command", List.of("sh -c 'echo out; echo err >&2; exit 5'"))).build(),
                    output, null, null).get(20, TimeUnit.SECONDS);
            SessionEnd end = shell.completion().get(20, TimeUnit.SECONDS);
            assertThat(end.isNormal()).isTrue();
            assertThat(output.exitCode()).isCompletedWithValue(5);
            assertThat(output.text()).isEqualTo("out\n");
            assertThat(output.stderr()).isEqualTo("err\n");
        }
    }

    @Test
    void a_shell_with_a_kms_key_is_encrypted_with_a_data_key_from_kms() throws Exception {
        try (SandboxFixture fixture = new SandboxFixture("""
                session:
                  preferences:
                    kmsKeyId: alias/session-manager
                """);
             WardenClient client = fixture.client(fixture.staticCredentials(), ClientOptions.defaults())) {
            RecordingShellListener output = new RecordingShellListener();
            CompletableFuture<String> customerMessage = new CompletableFuture<>();
            ShellSession shell = client.startShellSession(StartSessionRequest.builder()
                    .target(SandboxFixture.NEW_AGENT).build(), output, new TerminalSize(100, 30),
                    new SessionListener() {
                        @Override
                        public void onCustomerMessage(String message) {
                            customerMessage.complete(message);
                        }
                    }).get(20, TimeUnit.SECONDS);
            assertThat(customerMessage.get(5, TimeUnit.SECONDS)).contains("KMS");
            shell.send("echo secret-$((6 * 7)); exit 4\r".getBytes(StandardCharsets.US_ASCII));
            SessionEnd end = shell.completion().get(20, TimeUnit.SECONDS);
            assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CLOSED_BY_SERVICE);
            assertThat(output.exitCode()).isNotDone();
            assertThat(output.text()).contains("secret-42");
        }
    }
}
