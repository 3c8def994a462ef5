package dev.warden.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.cli.testing.JsonLines;
import dev.warden.cli.testing.PaneScript;
import dev.warden.cli.testing.Tmux;
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
import software.amazon.awssdk.services.ssm.model.DocumentType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code warden shell} as a real process in a real terminal (tmux) against the sandbox, whose emulated agent runs a
 * real shell in a real pseudo-terminal: typing, the window size and its changes, Ctrl-C and arrow keys as bytes,
 * the {@code ~.} escape, the remote exit code, and piped standard input without a terminal.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ShellCommandTest {

    private static final String INSTANCE = "i-0ccccccccccccccc1";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path temp;

    private static Sandbox sandbox;
    private static Path home;

    @BeforeAll
    static void start() throws IOException {
        sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                fleet:
                  - instanceId: %s
                    name: shell-host
                    agentVersion: 3.3.987.0
                """.formatted(INSTANCE), "shell-test.yaml"));
        home = Files.createDirectories(temp.resolve("home"));
        WardenProcess.writeAwsConfig(home, "");
        try (SsmClient ssm = SandboxClients.withoutRetries(SsmClient.builder(), sandbox)) {
            ssm.createDocument(r -> r.name("Run-Command").documentType(DocumentType.SESSION).content("""
                    {"schemaVersion": "1.0", "description": "A command with separate output streams",
                     "sessionType": "NonInteractiveCommands",
                     "parameters": {"command": {"type": "String", "description": "the command"}},
                     "properties": {"linux": {"commands": "{{ command }}", "separateOutputStream": true,
                                              "stdOutSeparatorPrefix": "", "stdErrSeparatorPrefix": ""}}}
                    """));
        }
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void typing_resize_ctrl_c_ctrl_z_and_arrow_keys_reach_the_remote_shell_and_exit_ends_it() throws Exception {
        Path exit = temp.resolve("interactive.exit");
        try (Tmux tmux = Tmux.start(dir("tmux-interactive"), 100, 30, script("interactive", exit, INSTANCE))) {
            tmux.awaitPrompt(WAIT);
            tmux.type("echo hello-$((6 * 7)); stty size");
            tmux.keys("Enter");
            tmux.awaitScreen("the command's output and the first size", s -> s.contains("hello-42")
                    && s.contains("30 100"), WAIT);

            tmux.resize(120, 40);
            tmux.type("stty size");
            tmux.keys("Enter");
            tmux.awaitScreen("the new size", s -> s.contains("40 120"), WAIT);

            tmux.type("sleep 600; echo slept");
            tmux.keys("Enter");
            tmux.keys("C-c");
            tmux.type("echo after-$((1 + 1))");
            tmux.keys("Enter");
            String screen = tmux.awaitScreen("the shell back after Ctrl-C", s -> s.contains("after-2"), WAIT);
            assertThat(screen).as("the sleep was interrupted").doesNotContainPattern("(?m)^slept$");

            // With the remote terminal's signal keys off, cat -v shows exactly the bytes that arrive: Ctrl-Z and
            // the arrow reach the instance as bytes (a local Ctrl-Z would have suspended warden instead).
            tmux.type("stty -isig; cat -v");
            tmux.keys("Enter");
            tmux.keys("C-z", "Up", "Enter");
            tmux.awaitScreen("Ctrl-Z's and the arrow key's bytes", s -> s.contains("^Z^[[A") || s.contains("^Z^[OA"),
                    WAIT);
            tmux.keys("C-d");
            tmux.type("stty isig; echo back-$((5 + 5))");
            tmux.keys("Enter");
            tmux.awaitScreen("the shell after cat", s -> s.contains("back-10"), WAIT);

            tmux.type("exit");
            tmux.keys("Enter");
            tmux.awaitScreen("warden to exit", s -> Files.exists(exit), WAIT);
            assertThat(Files.readString(exit).trim()).isEqualTo("0");
        }
    }

    @Test
    void tilde_dot_after_a_newline_leaves_a_session_that_does_not_answer() throws Exception {
        Path exit = temp.resolve("escape.exit");
        try (Tmux tmux = Tmux.start(dir("tmux-escape"), 100, 30, script("escape", exit, INSTANCE))) {
            tmux.awaitPrompt(WAIT);
            tmux.type("echo ready-$((3 * 3))");
            tmux.keys("Enter");
            tmux.awaitScreen("the shell", s -> s.contains("ready-9"), WAIT);
            tmux.type("sleep 600");
            tmux.keys("Enter");
            tmux.type("~.");
            String screen = tmux.awaitScreen("warden to leave", s -> Files.exists(exit), WAIT);
            assertThat(Files.readString(exit).trim()).isEqualTo(String.valueOf(ShellCommand.LEFT_BY_ESCAPE));
            assertThat(screen).contains("left the session");
        }
    }

    @Test
    void under_log_format_json_leaving_with_tilde_dot_writes_only_json_events_on_stderr() throws Exception {
        Path exit = temp.resolve("escape-json.exit");
        Path stderr = temp.resolve("escape-json.stderr");
        List<String> command = new ArrayList<>(WardenProcess.commandLine(home));
        command.addAll(List.of("--log-format", "json", "--verbose", "shell", "--endpoint-url",
                sandbox.endpoint().toString(), "--region", sandbox.region(), INSTANCE));
        Path script = PaneScript.write(temp.resolve("escape-json.sh"), exit, paneEnvironment(), command, stderr);
        try (Tmux tmux = Tmux.start(dir("tmux-escape-json"), 100, 30, script)) {
            tmux.awaitPrompt(WAIT);
            tmux.type("sleep 600");
            tmux.keys("Enter");
            tmux.type("~.");
            tmux.awaitScreen("warden to leave", s -> Files.exists(exit), WAIT);
            assertThat(Files.readString(exit).trim()).isEqualTo(String.valueOf(ShellCommand.LEFT_BY_ESCAPE));
        }
        List<JsonNode> events = JsonLines.records(Files.readString(stderr));
        assertThat(events).as("the ~. line, as a status event").anySatisfy(r ->
                assertThat(JsonLines.isStatus(r, "left the session")).as("%s", r).isTrue());
    }

    @Test
    void the_remote_exit_code_is_wardens_exit_code() throws Exception {
        Path exit = temp.resolve("command.exit");
        try (Tmux tmux = Tmux.start(dir("tmux-command"), 100, 30, script("command", exit, INSTANCE,
                "--document-name", "Run-Command", "--parameters", "{\"command\":[\"sh -c 'echo out-$((4 + 4)); exit 7'\"]}"))) {
            String screen = tmux.awaitScreen("warden to exit", s -> Files.exists(exit), WAIT);
            assertThat(Files.readString(exit).trim()).isEqualTo("7");
            assertThat(screen).contains("out-8");
        }
    }

    @Test
    void without_a_terminal_piped_input_runs_and_the_shell_ends_with_it() throws Exception {
        List<String> args = new ArrayList<>(List.of("shell", "--endpoint-url", sandbox.endpoint().toString(),
                "--region", sandbox.region(), INSTANCE));
        try (WardenProcess warden = WardenProcess.start(home, credentials(), args.toArray(String[]::new))) {
            try (OutputStream stdin = warden.process().getOutputStream()) {
                stdin.write("echo piped-$((2 * 3))\n".getBytes(StandardCharsets.US_ASCII));
            }
            String stdout = new String(warden.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(warden.waitFor(60)).as(warden.stderr()).isZero();
            assertThat(stdout).contains("piped-6");
        }
    }

    private static Map<String, String> credentials() {
        return Map.of("AWS_ACCESS_KEY_ID", sandbox.accessKeyId(), "AWS_SECRET_ACCESS_KEY", sandbox.secretAccessKey());
    }

    private static Path dir(String name) throws IOException {
        return Files.createDirectories(temp.resolve(name));
    }

    /** A script for a tmux pane: warden shell in a clean environment, then its exit code into {@code exit}. */
    private static Path script(String name, Path exit, String target, String... extra) throws IOException {
        List<String> command = new ArrayList<>(WardenProcess.commandLine(home));
        command.addAll(List.of("shell", "--endpoint-url", sandbox.endpoint().toString(), "--region",
                sandbox.region(), target));
        command.addAll(List.of(extra));
        return PaneScript.write(temp.resolve(name + ".sh"), exit, paneEnvironment(), command);
    }

    /** A pane's clean environment: the sandbox's keys, a terminal type. */
    private static Map<String, String> paneEnvironment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        WardenProcess.environment(env, home);
        env.putAll(credentials());
        env.put("TERM", "screen");
        return env;
    }
}
