package dev.warden.cli.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A private tmux server (its own socket and configuration) running one command in a real terminal of a
 * given size: the way tests type into interactive programs and read their screen.
 */
public final class Tmux implements AutoCloseable {

    private static final String SESSION = "main";
    private final Path socket;
    private final Path config;

    private Tmux(Path socket, Path config) {
        this.socket = socket;
        this.config = config;
    }

    /** Starts {@code command} (a path to an executable script) in a cols × rows window. */
    public static Tmux start(Path socketDir, int cols, int rows, Path command) {
        Path config = socketDir.resolve("tmux.conf");
        try {
            // The pane stays after its program ends, so the test can still read what it printed last.
            java.nio.file.Files.writeString(config, "set -g remain-on-exit on\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + config, e);
        }
        Tmux tmux = new Tmux(socketDir.resolve("tmux.sock"), config);
        tmux.run("new-session", "-d", "-s", SESSION, "-x", String.valueOf(cols), "-y", String.valueOf(rows),
                command.toString());
        return tmux;
    }

    /** Types text literally (no key names). */
    public void type(String text) {
        run("send-keys", "-t", SESSION, "-l", text);
    }

    /** Sends tmux key names, such as {@code Enter}, {@code C-c}, {@code Up}. */
    public void keys(String... names) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        args.addAll(List.of(names));
        run(args.toArray(String[]::new));
    }

    public void resize(int cols, int rows) {
        run("resize-window", "-t", SESSION, "-x", String.valueOf(cols), "-y", String.valueOf(rows));
    }

    /** The visible screen and its scroll-back, as text. */
    public String screen() {
        return run("capture-pane", "-p", "-t", SESSION, "-S", "-500");
    }

    /** Waits until the screen satisfies {@code condition}; fails with the screen when it does not in time. */
    public String awaitScreen(String what, Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = screenOrEmpty();
            if (condition.test(screen)) {
                return screen;
            }
            Thread.sleep(100); // polling the screen; the condition, not the pause, is what the test waits for
        }
        throw new AssertionError("timed out waiting for " + what + "; the screen shows:\n" + screen);
    }

    /**
     * Waits for a shell prompt alone on a line ({@code #} or {@code $}): keys typed before the remote shell runs
     * would reach the local terminal before warden switched it to raw mode.
     */
    public String awaitPrompt(Duration timeout) throws InterruptedException {
        return awaitScreen("a shell prompt", s -> PROMPT.matcher(s).find(), timeout);
    }

    private static final java.util.regex.Pattern PROMPT = java.util.regex.Pattern.compile("(?m)^[#$] ?$");

    private String screenOrEmpty() {
        try {
            return screen();
        } catch (IllegalStateException e) {
            return ""; // the pane's program ended and the server with it
        }
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", config.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("tmux " + String.join(" ", args) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("tmux " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run tmux (install the Debian package tmux)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            run("kill-server");
        } catch (IllegalStateException e) {
            // already gone with its last pane
        }
    }
}
