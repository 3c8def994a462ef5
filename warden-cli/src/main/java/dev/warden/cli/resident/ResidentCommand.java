package dev.warden.cli.resident;

import dev.warden.cli.CommandFailure;
import dev.warden.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code warden resident}: lists this user's resident processes, starts one for this environment, or stops them. */
@Command(
        name = "resident",
        mixinStandardHelpOptions = true,
        description = {
                "Lists the resident processes that run `warden ssh-proxy` for its launchers, one per environment, "
                        + "with the commands they run. --start starts the one for this environment ahead of the first "
                        + "ssh-proxy (e.g. at login); --stop stops them all once their commands have ended.",
                "",
                "A resident starts with the first ssh-proxy of an environment and leaves after WARDEN_RESIDENT_IDLE "
                        + "(default 30m) without a command. WARDEN_RESIDENT=off runs every command in its own "
                        + "process. Residents live in ~/.warden/resident (or WARDEN_RESIDENT_DIR)."
        })
public final class ResidentCommand implements Callable<Integer> {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    private CommandSpec spec;

    @Option(names = "--start", description = "Start the resident for this environment, if none runs, and wait until "
            + "it listens.")
    private boolean start;

    @Option(names = "--stop", description = "Stop each resident: it takes no new command and leaves when its running "
            + "ones have ended (their tunnels are not cut).")
    private boolean stop;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (start && stop) {
            throw new ParameterException(spec.commandLine(), "--start and --stop exclude each other");
        }
        PrintWriter out = spec.commandLine().getOut();
        ResidentAddress address = ResidentAddress.of(System.getenv());
        try {
            ResidentMain.idleLimit(System.getenv());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("warden: " + e.getMessage());
            spec.commandLine().getErr().flush();
        }
        if (start) {
            out.println(start(address));
            out.flush();
            return 0;
        }
        Path directory = address.directory();
        List<Path> sockets = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.sock")) {
                entries.forEach(sockets::add);
            }
        }
        if (sockets.isEmpty()) {
            out.println("no resident process in " + directory);
        }
        for (Path socket : sockets.stream().sorted().toList()) {
            out.println((stop ? "stopping " : "") + ask(socket));
        }
        out.flush();
        return 0;
    }

    private static String start(ResidentAddress address) throws IOException, InterruptedException {
        Optional<String> problem = address.problem();
        if (problem.isPresent()) {
            throw new CommandFailure(ExitCodes.FAILURE, "cannot start a resident process: " + problem.get());
        }
        if (listening(address)) {
            return "already running: " + ask(address.socket(), FrameChannel.STATUS);
        }
        ResidentSpawner.startFor(address);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (listening(address)) {
                return "started: " + ask(address.socket(), FrameChannel.STATUS);
            }
            Thread.sleep(100);
        }
        throw new CommandFailure(ExitCodes.FAILURE, "the resident process did not start within "
                + START_TIMEOUT.toSeconds() + " s; its log is " + address.log());
    }

    private static boolean listening(ResidentAddress address) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(address.socketAddress());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String ask(Path socket) {
        return ask(socket, stop ? FrameChannel.STOP : FrameChannel.STATUS);
    }

    private static String ask(Path socket, byte request) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            FrameChannel frames = new FrameChannel(channel);
            frames.write(request);
            FrameChannel.Frame report = frames.read();
            return report == null || report.type() != FrameChannel.REPORT ? socket + ": no answer"
                    : new String(report.payload(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return socket + ": no process listens (a resident that did not leave cleanly; the next one replaces it)";
        }
    }
}
