package dev.warden.cli.startup;

import dev.warden.cli.Main;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The training run of warden's class-data archive (AppCDS). {@code bin/warden} runs it once per build under
 * {@code -XX:ArchiveClassesAtExit}; later starts map the classes it loaded from the archive instead of loading
 * and verifying them from the jar, which is most of a short command's start-up time.
 *
 * <p>It walks the path users wait on: the command line parsed and every command's help rendered, then a real
 * {@code warden ssh-proxy} (AWS SDK client, StartSession, the signed websocket, the handshake, the byte stream)
 * against an in-process sandbox whose instance answers with an SSH banner and closes. Standard input and output
 * are the caller's (the launcher gives /dev/null).
 */
public final class ClassDataTraining {

    private static final String INSTANCE = "i-0c1a55da7a0000001";
    private static final List<String> COMMANDS = List.of("ssh-proxy", "ssh-config", "forward", "start-session",
            "shell", "install-plugin", "sandbox", "govern", "resident");

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws Exception {
        int exitCode;
        for (String command : COMMANDS) {
            Main.run(command, "--help");
        }
        try (ServerSocket banner = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Sandbox sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                     fleet:
                       - instanceId: %s
                         name: training
                         portMappings: {22: "127.0.0.1:%d"}
                     """.formatted(INSTANCE, banner.getLocalPort()), "training.yaml"))) {
            Thread server = new Thread(() -> answerOnce(banner), "training-banner");
            server.setDaemon(true);
            server.start();
            // The SDK's default chain starts with these system properties: no file or variable of the user's.
            System.setProperty("aws.accessKeyId", sandbox.accessKeyId());
            System.setProperty("aws.secretAccessKey", sandbox.secretAccessKey());
            CompletableFuture<Integer> proxy = new CompletableFuture<>();
            Thread run = new Thread(() -> proxy.complete(Main.run("ssh-proxy", "--region", sandbox.region(),
                    "--endpoint-url", sandbox.endpoint().toString(), INSTANCE, "22")), "training-ssh-proxy");
            run.setDaemon(true);
            run.start();
            exitCode = proxy.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            exitCode = 1;
        }
        // Exit at once: the archive is written as the JVM exits, whatever threads still linger. A failed session
        // fails the training, so that a broken start path is noticed instead of archived.
        System.exit(exitCode == 0 ? 0 : 1);
    }

    /** Sends an SSH banner to the first connection and closes it, which ends the ssh-proxy session. */
    private static void answerOnce(ServerSocket banner) {
        try (Socket socket = banner.accept(); OutputStream out = socket.getOutputStream()) {
            out.write("SSH-2.0-warden-training\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the training run ends either way
        }
    }
}
