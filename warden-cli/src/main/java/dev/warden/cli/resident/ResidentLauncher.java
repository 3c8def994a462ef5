package dev.warden.cli.resident;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The launcher's side of the resident process: {@code warden ssh-proxy}, started anew for every SSH connection,
 * hands its command to a warm JVM that already has the SDK, Netty and the protocol loaded and compiled, and only
 * relays its standard streams, which takes a fraction of a cold start. When no resident serves this environment the
 * command runs here, as it always could, and a resident is started for the next one.
 *
 * <p>Only what runs the same in either place goes to the resident: {@code ssh-proxy} without the options that
 * configure this process's logging ({@code --verbose}, {@code --log-file}, {@code --log-format}) or print help.
 * {@code WARDEN_RESIDENT=off} keeps every command in its own process.
 *
 * <p>This class is on the start path of every {@code ssh-proxy}: it uses only the JDK, so that neither picocli nor
 * Logback is loaded when the resident does the work.
 */
public final class ResidentLauncher {

    /** The commands a resident runs. */
    private static final Set<String> COMMANDS = Set.of("ssh-proxy");
    private static final Set<String> LOCAL_OPTIONS = Set.of("-h", "--help", "-V", "--version", "-v", "--verbose",
            "--log-file", "--log-format");
    private static final int CHUNK = 32 * 1024;
    private static final long SPAWN_DELAY_MILLIS = 2_000;

    private ResidentLauncher() {
    }

    /**
     * Runs {@code args} in this environment's resident if it should and can; returns its exit code, or empty when
     * the caller must run the command itself (starting a resident for the next time when none is there).
     */
    public static OptionalInt run(String[] args) {
        Map<String, String> environment = System.getenv();
        List<String> words = List.of(args);
        if (!eligible(words, environment)) {
            return OptionalInt.empty();
        }
        ResidentAddress address = ResidentAddress.of(environment);
        Optional<String> problem = address.problem();
        if (problem.isPresent()) {
            if (!words.contains("-q") && !words.contains("--quiet")) {
                System.err.println("warden: not using a resident process: " + problem.get());
            }
            return OptionalInt.empty();
        }
        try (FrameChannel frames = new FrameChannel(SocketChannel.open(StandardProtocolFamily.UNIX))) {
            try {
                frames.channel().connect(address.socketAddress());
            } catch (IOException e) {
                startResidentSoon(address); // none listens, or only a stale socket is left
                return OptionalInt.empty();
            }
            return relay(frames, words, address);
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Starts a resident for the next command, a moment after this one has started its own session: the resident's
     * warm-up is the same cold work, and on a small machine the two would slow each other down. A command that ends
     * sooner starts none; the next one tries again.
     */
    private static void startResidentSoon(ResidentAddress address) {
        Thread starter = new Thread(() -> {
            try {
                Thread.sleep(SPAWN_DELAY_MILLIS);
                ResidentSpawner.startFor(address);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "warden-resident-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Whether {@code args} name a command a resident runs, without options that need this process. */
    static boolean eligible(List<String> args, Map<String, String> environment) {
        String setting = environment.getOrDefault("WARDEN_RESIDENT", "on").trim().toLowerCase(Locale.ROOT);
        if (setting.equals("off") || setting.equals("0") || setting.equals("false")) {
            return false;
        }
        if (args.isEmpty() || !COMMANDS.contains(args.get(0))) {
            return false;
        }
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (LOCAL_OPTIONS.contains(name) || isShortCluster(arg) && arg.chars().anyMatch(c -> "hVv".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isShortCluster(String arg) {
        return arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-'
                && arg.chars().skip(1).allMatch(Character::isLetter);
    }

    /**
     * Asks the resident to run the command; once it accepts, standard input flows to it and its output back, until
     * it sends the exit code. Before it accepts nothing has been read from stdin, so a decline (or a failure before
     * the answer: empty) loses nothing and the caller runs the command itself.
     */
    private static OptionalInt relay(FrameChannel frames, List<String> args, ResidentAddress address)
            throws IOException {
        frames.write(FrameChannel.RUN, FrameChannel.runPayload(ProcessHandle.current().pid(), args));
        FrameChannel.Frame answer = frames.read();
        if (answer == null || answer.type() != FrameChannel.ACCEPTED) {
            return OptionalInt.empty();
        }
        Thread stdin = new Thread(() -> sendInput(frames), "warden-stdin");
        stdin.setDaemon(true); // a read of stdin that never returns must not keep the process alive
        stdin.start();
        // From here on the command is the resident's: whatever happens, it is never run a second time here.
        try {
            return OptionalInt.of(relayOutput(frames));
        } catch (IOException e) {
            PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
            err.println("warden: lost the resident process while it ran this command (" + e.getMessage()
                    + "); its log is " + address.log() + " (WARDEN_RESIDENT=off runs every command in its own process)");
            return OptionalInt.of(1);
        }
    }

    /** Writes the resident's output to stdout and stderr until the exit code comes; returns it. */
    private static int relayOutput(FrameChannel frames) throws IOException {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        OutputStream stderr = new FileOutputStream(FileDescriptor.err);
        for (FrameChannel.Frame frame; (frame = frames.read()) != null; ) {
            switch (frame.type()) {
                case FrameChannel.STDOUT -> {
                    try {
                        stdout.write(frame.payload());
                    } catch (IOException e) {
                        return 1; // whoever read stdout is gone; leaving ends the session
                    }
                }
                case FrameChannel.STDERR -> stderr.write(frame.payload());
                case FrameChannel.EXIT -> {
                    return ByteBuffer.wrap(frame.payload()).getInt();
                }
                default -> throw new IOException("unexpected frame " + frame.type() + " from the resident");
            }
        }
        throw new IOException("the connection closed");
    }

    private static void sendInput(FrameChannel frames) {
        InputStream in = new FileInputStream(FileDescriptor.in);
        byte[] buffer = new byte[CHUNK];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                frames.write(FrameChannel.STDIN, buffer, 0, n);
            }
            frames.write(FrameChannel.STDIN_END);
        } catch (IOException e) {
            // the resident is gone, or stdin failed: the main thread reports the end
        }
    }
}
