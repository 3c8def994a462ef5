package dev.warden.cli.plugin;

import dev.warden.cli.Main;
import dev.warden.cli.testing.WardenProcess;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.SandboxClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plugin mode called the way AWS CLIs from before KMS encryption call the plugin (response, region and operation
 * only): like the official plugin, warden refuses a session whose preferences ask for KMS encryption, in the
 * official words, and the shell never runs. The same session type through the full argument list is encrypted and
 * runs, so the refusal is the legacy form's alone. Warden runs as a real {@code session-manager-plugin} process
 * against the sandbox.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LegacyCliEncryptionTest {

    private static final String INSTANCE = "i-0ddddddddddddddd1";

    @TempDir
    static Path home;

    private static Sandbox sandbox;
    private static SsmClient ssm;

    @BeforeAll
    static void start() throws IOException {
        sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                session:
                  preferences:
                    kmsKeyId: alias/session-manager
                fleet:
                  - instanceId: %s
                    name: encrypted-host
                    agentVersion: 3.3.987.0
                """.formatted(INSTANCE), "legacy-cli.yaml"));
        ssm = SandboxClients.withoutRetries(SsmClient.builder(), sandbox);
        WardenProcess.writeAwsConfig(home, "");
    }

    @AfterAll
    static void stop() {
        if (ssm != null) {
            ssm.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void the_three_argument_form_refuses_a_kms_encrypted_session_as_the_official_plugin_does() throws Exception {
        Output output = plugin(response(), sandbox.region(), "StartSession");

        assertThat(output.all()).contains(PluginSession.LEGACY_CLI_ENCRYPTION);
        assertThat(output.stdout()).as("the shell never ran; stderr:%n%s", output.stderr())
                .doesNotContain("ran-42");
    }

    @Test
    void the_full_argument_list_runs_the_same_session_encrypted() throws Exception {
        Output output = plugin(response(), sandbox.region(), "StartSession", "",
                "{\"Target\": \"" + INSTANCE + "\"}", sandbox.endpoint().toString());

        assertThat(output.stdout()).as("stderr:%n%s", output.stderr()).contains("ran-42");
        assertThat(output.all()).contains("KMS").doesNotContain(PluginSession.LEGACY_CLI_ENCRYPTION);
    }

    /** The StartSession response as the AWS CLI hands it over: session id, stream URL and token. */
    private static String response() {
        StartSessionResponse started = ssm.startSession(r -> r.target(INSTANCE));
        return "{\"SessionId\": \"%s\", \"StreamUrl\": \"%s\", \"TokenValue\": \"%s\"}"
                .formatted(started.sessionId(), started.streamUrl(), started.tokenValue());
    }

    private record Output(int exit, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    /** Runs warden's plugin entry point with {@code args}, a shell command on its standard input, to its end. */
    private static Output plugin(String... args) throws Exception {
        List<String> command = new ArrayList<>(WardenProcess.commandLine(home));
        command.set(command.indexOf(Main.class.getName()), PluginMain.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        WardenProcess.environment(builder.environment(), home);
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", sandbox.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", sandbox.secretAccessKey(), "AWS_REGION", sandbox.region(),
                "AWS_ENDPOINT_URL", sandbox.endpoint().toString()));
        Process process = builder.start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process, true));
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write("echo ran-$((6 * 7)); exit\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the plugin may have ended before reading
        }
        String stdout = read(process, false);
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the plugin ended").isTrue();
            return new Output(process.exitValue(), stdout, stderr.get(10, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
    }

    private static String read(Process process, boolean error) {
        try {
            return new String((error ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
