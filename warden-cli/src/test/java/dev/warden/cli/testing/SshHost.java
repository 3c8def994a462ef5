package dev.warden.cli.testing;

import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An SSH server for the tests (Apache MINA SSHD on 127.0.0.1, running commands with /bin/sh on this machine and
 * accepting only a key made for the test with ssh-keygen), and the real OpenSSH client ({@code /usr/bin/ssh}) that
 * reaches it with {@code ProxyCommand warden ssh-proxy %h %p}.
 */
public final class SshHost implements AutoCloseable {

    /** What ssh printed and returned. */
    public record Result(int exit, String stdout, String stderr) {
    }

    private final SshServer sshd;
    private final Path home;
    private final Path key;

    private SshHost(SshServer sshd, Path home, Path key) {
        this.sshd = sshd;
        this.home = home;
        this.key = key;
    }

    /** Makes a client key in {@code home} and starts the server, which accepts that key only. */
    public static SshHost start(Path home) throws IOException, InterruptedException {
        Path key = home.resolve("id_ecdsa");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f",
                key.toString()).redirectErrorStream(true).start();
        if (!keygen.waitFor(60, TimeUnit.SECONDS) || keygen.exitValue() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + new String(keygen.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
        }
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(home.resolve("host-key")));
        sshd.setCommandFactory(new ProcessShellCommandFactory());
        sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(home.resolve("id_ecdsa.pub")));
        sshd.start();
        return new SshHost(sshd, home, key);
    }

    public int port() {
        return sshd.getPort();
    }

    /** A sandbox whose one instance, {@code instance}, has this server at its port 22. */
    public Sandbox sandbox(String instance) {
        return Sandbox.start(SandboxConfigLoader.fromYaml("""
                fleet:
                  - instanceId: %s
                    name: ssh-host
                    agentVersion: 3.3.987.0
                    portMappings: {22: "127.0.0.1:%d"}
                """.formatted(instance, port()), "ssh-host.yaml"));
    }

    /**
     * Runs {@code command} on {@code instance} with ssh through {@code warden ssh-proxy} (a child warden with
     * {@code env} in {@link WardenProcess}'s environment), {@code input} as its stdin (or none).
     */
    public Result ssh(String instance, Map<String, String> env, Path input, String command) throws Exception {
        String proxy = String.join(" ", WardenProcess.commandLine(home)) + " ssh-proxy %h %p";
        ProcessBuilder builder = new ProcessBuilder(List.of("/usr/bin/ssh", "-F", "/dev/null", "-T",
                "-o", "ProxyCommand=" + proxy, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR", "-i", key.toString(),
                "-l", "tester", instance, command));
        WardenProcess.environment(builder.environment(), home);
        builder.environment().putAll(env);
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        Process ssh = builder.start();
        if (input == null) {
            ssh.getOutputStream().close();
        }
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(ssh.getErrorStream()));
        String stdout = read(ssh.getInputStream());
        if (!ssh.waitFor(240, TimeUnit.SECONDS)) {
            ssh.destroyForcibly();
            throw new IllegalStateException("ssh did not end; stderr: " + stderr.getNow(""));
        }
        return new Result(ssh.exitValue(), stdout, stderr.join());
    }

    /** Writes {@code megabytes} of seeded random bytes to {@code file}, adding them to {@code sha}. */
    public static void writeRandom(Path file, int megabytes, MessageDigest sha) throws IOException {
        byte[] chunk = new byte[1024 * 1024];
        Random random = new Random(megabytes);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(chunk);
                sha.update(chunk);
                out.write(chunk);
            }
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }
}
