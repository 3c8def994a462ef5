package dev.warden.cli.tunnel;

import com.fasterxml.jackson.databind.JsonNode;
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
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --log-format json}: the DEBUG log file and everything on stderr (log records and status lines) are one
 * JSON object a line, and no field of any line holds a secret: an {@code ssh-proxy} stream through data-channel
 * drops (so ResumeSession and its new stream tokens are logged about) with temporary credentials whose secret key
 * and session token the test then looks for in every value of every line.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JsonLogTest {

    private static final String INSTANCE = "i-0aaaaaaaaaaaaaaa1";

    @TempDir
    Path home;

    @Test
    void every_line_of_the_file_and_of_stderr_is_a_json_record_and_none_holds_a_secret() throws Exception {
        try (EchoServer echo = new EchoServer();
             Sandbox sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                     faults:
                       dropDataChannelAfter: 2s
                     fleet:
                       - instanceId: %s
                         name: web-prod-1
                         agentVersion: 3.3.987.0
                         portMappings: {22: "127.0.0.1:%d"}
                     """.formatted(INSTANCE, echo.port()), "json-log.yaml"));
             StsClient sts = SandboxClients.withoutRetries(StsClient.builder(), sandbox)) {
            Credentials c = sts.getSessionToken(r -> r.durationSeconds(900)).credentials();
            List<String> secrets = List.of(c.secretAccessKey(), c.sessionToken());
            WardenProcess.writeAwsConfig(home, "");
            Path log = home.resolve("warden.json.log");
            Instant until = Instant.now().plusSeconds(7);
            try (WardenProcess warden = WardenProcess.start(home, Map.of(
                    "AWS_ACCESS_KEY_ID", c.accessKeyId(), "AWS_SECRET_ACCESS_KEY", c.secretAccessKey(),
                    "AWS_SESSION_TOKEN", c.sessionToken(), "AWS_REGION", sandbox.region(),
                    "AWS_ENDPOINT_URL", sandbox.endpoint().toString()),
                    "--verbose", "--log-format", "json", "--log-file", log.toString(), "ssh-proxy", INSTANCE)) {
                CheckedTransfer.Result result = CheckedTransfer.whileTrue(warden.process().getInputStream(),
                        warden.process().getOutputStream(), () -> Instant.now().isBefore(until), 3, 20);
                assertThat(result.intact()).as("%s; stderr:%n%s", result, warden.stderr()).isTrue();
                warden.process().destroy();
                warden.waitFor(30);

                List<JsonNode> file = JsonLines.records(Files.readString(log));
                List<JsonNode> stderr = JsonLines.records(warden.stderr());
                assertThat(file).as("the file's DEBUG records").anySatisfy(r -> {
                    assertThat(r.path("level").asText()).isEqualTo("DEBUG");
                    assertThat(r.path("loggerName").asText()).startsWith("dev.warden.");
                });
                assertThat(file).as("the session's records in the file")
                        .anySatisfy(r -> assertThat(r.path("formattedMessage").asText())
                                .contains("Port session established"));
                assertThat(stderr).as("the status lines on stderr, as JSON").anySatisfy(r -> {
                    assertThat(r.path("loggerName").asText()).isEqualTo("warden.status");
                    assertThat(r.path("formattedMessage").asText()).contains("resumed on connection");
                });
                assertThat(stderr).as("the announcement of credentials that cannot be refreshed")
                        .anySatisfy(r -> assertThat(r.path("formattedMessage").asText())
                                .contains("cannot be refreshed"));
                for (JsonNode record : concat(file, stderr)) {
                    for (String value : values(record)) {
                        for (String secret : secrets) {
                            assertThat(value).as("a field of %s", record).doesNotContain(secret);
                        }
                    }
                }
            }
        }
    }

    /** Every text, number and field name in a record, decoded (a secret's '/' may be escaped in the raw line). */
    private static List<String> values(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isValueNode()) {
            values.add(node.asText());
        }
        node.fieldNames().forEachRemaining(values::add);
        node.elements().forEachRemaining(child -> values.addAll(values(child)));
        return values;
    }

    private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
        List<JsonNode> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
