package dev.warden.cli.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.testing.CheckedTransfer;
import dev.warden.cli.testing.JsonLines;
import dev.warden.cli.testing.WardenProcess;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.EchoServer;
import dev.warden.sandbox.testing.SandboxClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plugin mode with {@code WARDEN_LOG_FORMAT=json}: every line on stderr is a JSON log event, the session's status
 * lines as much as the client's log records and the failures, while stdout carries nothing but the remote bytes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PluginJsonLogTest {

    private static final String INSTANCE = "i-0aaaaaaaaaaaaaa51";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void an_ssh_stream_through_data_channel_drops_writes_only_json_lines_on_stderr() throws Exception {
        try (EchoServer echo = new EchoServer();
             Sandbox sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                     faults:
                       dropDataChannelAfter: 2s
                     fleet:
                       - instanceId: %s
                         name: plugin-json
                         agentVersion: 3.3.987.0
                         portMappings: {22: "127.0.0.1:%d"}
                     """.formatted(INSTANCE, echo.port()), "plugin-json.yaml"));
             SsmClient ssm = SandboxClients.withoutRetries(SsmClient.builder(), sandbox)) {
            StartSessionResponse started = ssm.startSession(r -> r.target(INSTANCE)
                    .documentName("AWS-StartSSHSession").parameters(Map.of("portNumber", List.of("22"))));
            String response = JSON.writeValueAsString(Map.of("SessionId", started.sessionId(),
                    "TokenValue", started.tokenValue(), "StreamUrl", started.streamUrl()));
            String request = JSON.writeValueAsString(Map.of("Target", INSTANCE,
                    "DocumentName", "AWS-StartSSHSession", "Parameters", Map.of("portNumber", List.of("22"))));
            WardenProcess.writeAwsConfig(home, "");
            Instant until = Instant.now().plusSeconds(7);
            try (WardenProcess plugin = WardenProcess.startPlugin(home, Map.of(
                    "AWS_ACCESS_KEY_ID", sandbox.accessKeyId(), "AWS_SECRET_ACCESS_KEY", sandbox.secretAccessKey(),
                    "WARDEN_LOG_FORMAT", "json", "WARDEN_LOG_LEVEL", "INFO"),
                    response, sandbox.region(), "StartSession", "", request, sandbox.endpoint().toString())) {
                CheckedTransfer.Result result = CheckedTransfer.whileTrue(plugin.process().getInputStream(),
                        plugin.process().getOutputStream(), () -> Instant.now().isBefore(until), 5, 20);
                assertThat(result.intact()).as("%s; stderr:%n%s", result, plugin.stderr()).isTrue();
                plugin.process().destroy();
                assertThat(plugin.waitFor(30)).as(plugin.stderr()).isZero();

                List<JsonNode> stderr = JsonLines.records(plugin.stderr());
                assertThat(stderr).as("the drop, as a status event").anySatisfy(r ->
                        assertThat(JsonLines.isStatus(r, "the data channel was lost")).as("%s", r).isTrue());
                assertThat(stderr).as("the resume, as a status event").anySatisfy(r ->
                        assertThat(JsonLines.isStatus(r, "the session resumed after")).as("%s", r).isTrue());
                assertThat(stderr).as("the client's own log records (WARDEN_LOG_LEVEL=INFO)").anySatisfy(r ->
                        assertThat(r.path("loggerName").asText()).startsWith("dev.warden."));
            }
        }
    }

    @Test
    void a_failure_to_start_is_one_json_error_event() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PluginMain.run(List.of("{not json", "us-east-1", "StartSession", "", "{}", ""),
                Map.of("WARDEN_LOG_FORMAT", "json")::get, new PrintStream(out, true), new PrintStream(err, true));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        List<JsonNode> stderr = JsonLines.records(err.toString(StandardCharsets.UTF_8));
        assertThat(stderr).singleElement().satisfies(r -> {
            assertThat(JsonLines.isStatus(r, "Cannot perform start session")).as("%s", r).isTrue();
            assertThat(r.path("level").asText()).isEqualTo("ERROR");
        });
    }

    @Test
    void an_unknown_log_format_is_named_in_one_line() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PluginMain.run(List.of("{}", "us-east-1", "StartSession"), Map.of("WARDEN_LOG_FORMAT", "xml")::get,
                new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Cannot perform start session: "
                + "WARDEN_LOG_FORMAT must be text or json, not 'xml'" + System.lineSeparator());
    }
}
