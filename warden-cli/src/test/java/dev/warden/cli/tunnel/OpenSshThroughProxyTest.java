package dev.warden.cli.tunnel;

import dev.warden.cli.testing.WardenProcess;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real OpenSSH client ({@code /usr/bin/ssh}) with {@code ProxyCommand warden ssh-proxy %h %p}, through the
 * sandbox, to an Apache MINA SSHD server behind an emulated instance: a remote command, and 50 MB copied in and
 * checked by the remote side's sha256sum. The server runs commands with /bin/sh on this machine and accepts any
 * the test's own key.
 */
class OpenSshThroughProxyTest {

    private static final String INSTANCE = "i-0aaaaaaaaaaaaaaa1";

    @TempDir
    Path home;

    private SshServer sshd;
    private Sandbox sandbox;
    private Path key;

    @BeforeEach
    void start() throws Exception {
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(home.resolve("host-key")));
        sshd.setCommandFactory(new ProcessShellCommandFactory());
        key = home.resolve("id_ecdsa");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f",
                key.toString()).redirectErrorStream(true).start();
        assertThat(keygen.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keygen.exitValue()).isZero();
        sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(home.resolve("id_ecdsa.pub")));
        sshd.start();
        sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                fleet:
                  - instanceId: %s
                    name: ssh-host
                    agentVersion: 3.3.987.0
                    portMappings: {22: "127.0.0.1:%d"}
                """.formatted(INSTANCE, sshd.getPort()), "openssh.yaml"));
        WardenProcess.writeAwsConfig(home, "");
    }

    @AfterEach
    void stop() throws IOException {
        sandbox.close();
        sshd.stop(true);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void ssh_runs_a_remote_command() throws Exception {
        Result result = ssh(null, "echo hello from $((6 * 7))");
        assertThat(result.exit).as("ssh stderr:%n%s", result.stderr).isZero();
        assertThat(result.stdout).isEqualTo("hello from 42\n");
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void ssh_copies_50_mb_intact() throws Exception {
        Path local = home.resolve("payload.bin");
        byte[] chunk = new byte[1024 * 1024];
        Random random = new Random(50);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(local)) {
            for (int i = 0; i < 50; i++) {
                random.nextBytes(chunk);
                sha.update(chunk);
                out.write(chunk);
            }
        }
        Path remote = home.resolve("copied.bin");
        Result result = ssh(local, "cat > " + remote + " && sha256sum " + remote);
        assertThat(result.exit).as("ssh stderr:%n%s", result.stderr).isZero();
        assertThat(result.stdout).startsWith(HexFormat.of().formatHex(sha.digest()));
        assertThat(Files.size(remote)).isEqualTo(50L * 1024 * 1024);
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result ssh(Path input, String command) throws Exception {
        String proxy = WardenProcess.commandLine(home).stream().collect(Collectors.joining(" "))
                + " ssh-proxy %h %p";
        List<String> args = new ArrayList<>(List.of("/usr/bin/ssh", "-F", "/dev/null", "-T",
                "-o", "ProxyCommand=" + proxy, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR", "-i", key.toString(),
                "-l", "tester", INSTANCE, command));
        ProcessBuilder builder = new ProcessBuilder(args);
        WardenProcess.environment(builder.environment(), home);
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", sandbox.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", sandbox.secretAccessKey(), "AWS_REGION", sandbox.region(),
                "AWS_ENDPOINT_URL", sandbox.endpoint().toString()));
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        Process ssh = builder.start();
        if (input == null) {
            ssh.getOutputStream().close();
        }
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(ssh.getErrorStream()));
        String stdout = read(ssh.getInputStream());
        assertThat(ssh.waitFor(240, TimeUnit.SECONDS)).as("ssh ended").isTrue();
        return new Result(ssh.exitValue(), stdout, stderr.join());
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
