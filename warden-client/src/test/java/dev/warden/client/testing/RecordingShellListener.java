package dev.warden.client.testing;

import dev.warden.client.shell.ShellListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** A shell listener for tests: keeps what a session wrote to standard output and standard error, and its exit code. */
public final class RecordingShellListener implements ShellListener {

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

    @Override
    public synchronized void onOutput(byte[] data) {
        stdout.writeBytes(data);
    }

    @Override
    public synchronized void onStderr(byte[] data) {
        stderr.writeBytes(data);
    }

    @Override
    public void onExitCode(int code) {
        exitCode.complete(code);
    }

    /** Standard output so far, as UTF-8. */
    public synchronized String text() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    /** Standard error so far, as UTF-8. */
    public synchronized String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** Completes with the exit code the agent sent. */
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }
}
