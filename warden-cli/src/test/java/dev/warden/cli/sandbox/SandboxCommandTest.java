package dev.warden.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.sandbox.testing.AwsCli;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden sandbox} as a person runs it: a separate process that prints how to use it, whose printed
 * example commands work with the official AWS CLI v2, and that Ctrl-C (SIGINT) stops cleanly.
 */
class SandboxCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private Process sandbox;

    @AfterEach
    void killLeftovers() {
        if (sandbox != null && sandbox.isAlive()) {
            sandbox.destroyForcibly();
        }
    }

    @Test
    void printedExampleCommandsWorkAndCtrlCStopsCleanly() throws Exception {
        Path awsExecutable = AwsCli.findVersion2().orElseGet(() -> fail("The AWS CLI v2 ('aws --version' printing "
                + "aws-cli/2.x) was not found on PATH. Install the Debian package awscli (.ci/run does)."));
        Path stateFile = temp.resolve("state").resolve("sandbox.json");
        Path stdout = temp.resolve("stdout.txt");
        Path stderr = temp.resolve("stderr.txt");
        sandbox = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                "dev.warden.cli.Main", "sandbox", "--state-file", stateFile.toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();

        JsonNode state = awaitStateFile(stateFile, stderr);
        String printed = Files.readString(stdout);
        String endpoint = state.get("endpoint").asText();
        assertThat(printed).contains("endpoint      " + endpoint, state.get("region").asText(),
                state.get("accessKeyId").asText(), state.get("secretAccessKey").asText(), "Ctrl-C");
        assertThat(state.get("instances")).hasSizeGreaterThanOrEqualTo(3);
        List<String> environments = new ArrayList<>();
        state.get("instances").forEach(i -> environments.add(i.get("environment").asText()));
        assertThat(environments).contains("prod", "staging", "dev");

        AwsCli cli = AwsCli.create(awsExecutable, temp.resolve("aws-home"));
        Map<String, String> exported = exportedVariables(printed);
        assertThat(exported).containsEntry("AWS_ACCESS_KEY_ID", state.get("accessKeyId").asText())
                .containsEntry("AWS_SECRET_ACCESS_KEY", state.get("secretAccessKey").asText())
                .containsEntry("AWS_DEFAULT_REGION", state.get("region").asText());
        List<String> commands = new ArrayList<>();
        state.get("exampleCommands").forEach(c -> commands.add(c.asText()));
        assertThat(commands).hasSizeGreaterThanOrEqualTo(3);
        for (String command : commands) {
            assertThat(printed).contains("  " + command + "\n");
            assertThat(command).startsWith("aws --endpoint-url " + endpoint + " ");
            String[] args = command.substring("aws ".length()).split(" ");
            AwsCli.Result result = cli.run(exported, null, false, args);
            assertThat(result.exitCode()).as("%s\nstderr: %s", command, result.stderr()).isZero();
            assertThat(JSON.readTree(result.stdout())).as(command).isNotNull();
        }
        AwsCli.Result identity = cli.run(exported, null, false, "--endpoint-url", endpoint, "sts",
                "get-caller-identity");
        assertThat(JSON.readTree(identity.stdout()).get("Account").asText()).isEqualTo(state.get("accountId").asText());
        AwsCli.Result instances = cli.run(exported, null, false, "--endpoint-url", endpoint, "ssm",
                "describe-instance-information");
        state.get("instances").forEach(i -> assertThat(instances.stdout()).contains(i.get("instanceId").asText()));

        interrupt(sandbox.pid());
        assertThat(sandbox.waitFor(20, TimeUnit.SECONDS)).as("the sandbox stops after SIGINT").isTrue();
        assertThat(sandbox.exitValue()).isEqualTo(130);
        assertThat(Files.readString(stderr)).contains("warden sandbox: stopped");
        assertThat(stateFile).as("a clean stop removes the state file").doesNotExist();
        assertThat(acceptsConnections(URI.create(endpoint))).as("the endpoint is closed").isFalse();
    }

    private static JsonNode awaitStateFile(Path stateFile, Path stderr) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(stateFile)) {
                return JSON.readTree(Files.readString(stateFile));
            }
            Thread.sleep(50);
        }
        return fail("no state file after 60 s; stderr:\n" + Files.readString(stderr));
    }

    /** The variables of the printed {@code export A=1 B=2} line, exactly as a shell would take them. */
    private static Map<String, String> exportedVariables(String printed) {
        String line = printed.lines().map(String::trim).filter(l -> l.startsWith("export ")).findFirst()
                .orElseGet(() -> fail("no export line in:\n" + printed));
        return Arrays.stream(line.substring("export ".length()).split(" "))
                .map(assignment -> assignment.split("=", 2))
                .collect(java.util.stream.Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }

    private static void interrupt(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static boolean acceptsConnections(URI endpoint) {
        try (Socket ignored = new Socket(endpoint.getHost(), endpoint.getPort())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
