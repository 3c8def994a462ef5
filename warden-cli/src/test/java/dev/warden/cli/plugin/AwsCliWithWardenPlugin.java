package dev.warden.cli.plugin;

import dev.warden.cli.testing.PaneScript;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import dev.warden.sandbox.testing.AwsCli;
import dev.warden.sandbox.testing.EchoServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.fail;

/**
 * The official AWS CLI v2 with warden's launcher as the only {@code session-manager-plugin} on its PATH, pointed at
 * a sandbox whose instances forward every port to a loopback echo server: {@value #SMUX_AGENT} runs an agent new
 * enough for smux, {@value #BASIC_AGENT} one that only does basic port forwarding.
 */
final class AwsCliWithWardenPlugin implements AutoCloseable {

    static final String SMUX_AGENT = "i-0bbbbbbbbbbbbbbb1";
    static final String BASIC_AGENT = "i-0bbbbbbbbbbbbbbb2";

    final EchoServer echo;
    final Sandbox sandbox;
    final Path bin;
    final Path home;
    private final Path aws;

    AwsCliWithWardenPlugin(Path dir) throws IOException {
        Path installed = AwsCli.findVersion2().orElse(null);
        if (installed == null) {
            fail("The AWS CLI v2 ('aws --version' printing aws-cli/2.x) was not found on PATH. Install the Debian"
                    + " package awscli (apt-get install awscli); bin/test installs it. These tests do not skip.");
        }
        echo = new EchoServer();
        sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                fleet:
                  - instanceId: %s
                    name: plugin-smux
                    agentVersion: 3.3.987.0
                    portMappings: {22: "127.0.0.1:%d", 80: "127.0.0.1:%d"}
                  - instanceId: %s
                    name: plugin-basic
                    agentVersion: 3.0.100.0
                    portMappings: {80: "127.0.0.1:%d"}
                """.formatted(SMUX_AGENT, echo.port(), echo.port(), BASIC_AGENT, echo.port()), "plugin-test.yaml"));
        bin = Files.createDirectories(dir.resolve("bin"));
        aws = bin.resolve("aws");
        Files.createSymbolicLink(aws, installed.toRealPath());
        PluginLauncher.forThisProcess().writeTo(bin);
        home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("config"), "");
        Files.writeString(home.resolve("credentials"), "");
    }

    /** The environment of a user with the sandbox's keys, and PATH holding only {@code aws} and the plugin. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", bin.toString());
        env.put("HOME", home.toString());
        env.put("AWS_ACCESS_KEY_ID", sandbox.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", sandbox.secretAccessKey());
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /** {@code aws --endpoint-url SANDBOX --region REGION ARGS}, ready to start, in {@link #environment()}. */
    ProcessBuilder aws(String... args) {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().clear();
        builder.environment().putAll(environment());
        return builder;
    }

    List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(aws.toString(), "--endpoint-url",
                sandbox.endpoint().toString(), "--region", sandbox.region()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * A script that runs {@code aws ARGS} in {@link #environment()} (and nothing inherited), then writes its exit
     * status to {@code exitFile}: what a tmux pane runs.
     */
    Path script(Path file, Path exitFile, String... args) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(environment());
        env.put("TERM", "screen");
        return PaneScript.write(file, exitFile, env, command(args));
    }

    @Override
    public void close() throws IOException {
        sandbox.close();
        echo.close();
    }
}
