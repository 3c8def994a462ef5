package dev.warden.cli.tunnel;

import dev.warden.cli.testing.SshHost;
import dev.warden.cli.testing.WardenProcess;
import dev.warden.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real OpenSSH client ({@code /usr/bin/ssh}) with {@code ProxyCommand warden ssh-proxy %h %p}, through the
 * sandbox, to an Apache MINA SSHD server behind an emulated instance: a remote command, and 50 MB copied in and
 * checked by the remote side's sha256sum. Each ssh-proxy runs in its own process here; ResidentProcessTest runs
 * them in the resident process.
 */
class OpenSshThroughProxyTest {

    private static final String INSTANCE = "i-0aaaaaaaaaaaaaaa1";

    @TempDir
    Path home;

    private SshHost host;
    private Sandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        host = SshHost.start(home);
        sandbox = host.sandbox(INSTANCE);
        WardenProcess.writeAwsConfig(home, "");
    }

    @AfterEach
    void stop() throws IOException {
        sandbox.close();
        host.close();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void ssh_runs_a_remote_command() throws Exception {
        SshHost.Result result = ssh(null, "echo hello from $((6 * 7))");
        assertThat(result.exit()).as("ssh stderr:%n%s", result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("hello from 42\n");
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void ssh_copies_50_mb_intact() throws Exception {
        Path local = home.resolve("payload.bin");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        SshHost.writeRandom(local, 50, sha);
        Path remote = home.resolve("copied.bin");
        SshHost.Result result = ssh(local, "cat > " + remote + " && sha256sum " + remote);
        assertThat(result.exit()).as("ssh stderr:%n%s", result.stderr()).isZero();
        assertThat(result.stdout()).startsWith(HexFormat.of().formatHex(sha.digest()));
        assertThat(Files.size(remote)).isEqualTo(50L * 1024 * 1024);
    }

    private SshHost.Result ssh(Path input, String command) throws Exception {
        return host.ssh(INSTANCE, Map.of("AWS_ACCESS_KEY_ID", sandbox.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", sandbox.secretAccessKey(), "AWS_REGION", sandbox.region(),
                "AWS_ENDPOINT_URL", sandbox.endpoint().toString()), input, command);
    }
}
