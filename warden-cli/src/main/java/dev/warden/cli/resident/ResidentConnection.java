package dev.warden.cli.resident;

import dev.warden.cli.Main;
import dev.warden.cli.Stdio;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One launcher's connection to the resident: a status or stop request, or a command run on the launcher's relayed
 * standard streams until it ends, when its exit code goes back. A launcher that goes away first (OpenSSH ended it,
 * or it was killed) stops its command as a signal would have stopped it in its own process: its session is
 * terminated at the service.
 */
final class ResidentConnection {

    private static final Logger log = LoggerFactory.getLogger(ResidentConnection.class);

    private final Resident resident;
    private final SocketChannel channel;
    private final StopActions stops = new StopActions();
    private volatile String description = "starting";

    ResidentConnection(Resident resident, SocketChannel channel) {
        this.resident = resident;
        this.channel = channel;
    }

    /** What the connection runs, for the resident's status. */
    String description() {
        return description;
    }

    /** Stops the connection's command, as the launcher's going away would (the resident is stopping). */
    void stop() {
        stops.stop();
    }

    void serve() {
        try (FrameChannel frames = new FrameChannel(channel)) {
            if (!fromThisUser()) {
                return;
            }
            FrameChannel.Frame request = frames.read();
            if (request == null) {
                return;
            }
            switch (request.type()) {
                case FrameChannel.RUN -> run(frames, FrameChannel.Run.parse(request.payload()));
                case FrameChannel.STATUS -> frames.write(FrameChannel.REPORT, utf8(resident.status()));
                case FrameChannel.STOP -> {
                    frames.write(FrameChannel.REPORT, utf8(resident.status()));
                    resident.drain();
                }
                default -> log.warn("unexpected first frame {} from a launcher; connection closed", request.type());
            }
        } catch (IOException e) {
            log.debug("a launcher's connection failed", e);
        }
    }

    private void run(FrameChannel frames, FrameChannel.Run run) throws IOException {
        if (run.version() != FrameChannel.PROTOCOL_VERSION) {
            frames.write(FrameChannel.DECLINED, utf8("protocol version " + run.version() + " is not "
                    + FrameChannel.PROTOCOL_VERSION));
            return;
        }
        if (!resident.begin(this)) {
            frames.write(FrameChannel.DECLINED, utf8("the resident is stopping"));
            return;
        }
        description = String.join(" ", run.args()) + " (launcher pid " + run.launcherPid() + ")";
        try {
            LauncherInput stdin = new LauncherInput();
            Stdio stdio = new Stdio(stdin, new LauncherOutput(frames, FrameChannel.STDOUT),
                    new PrintStream(new LauncherOutput(frames, FrameChannel.STDERR), true, StandardCharsets.UTF_8),
                    stops, false);
            frames.write(FrameChannel.ACCEPTED);
            Thread reader = new Thread(() -> readInput(frames, stdin), "warden-launcher-" + run.launcherPid());
            reader.setDaemon(true);
            reader.start();
            log.info("running {}", description);
            int exitCode = Main.commandLine(run.args(), stdio).execute(run.args().toArray(String[]::new));
            stops.ended();
            log.info("ended {}: exit code {}", description, exitCode);
            try {
                frames.write(FrameChannel.EXIT, ByteBuffer.allocate(4).putInt(exitCode).array());
            } catch (IOException e) {
                log.debug("the launcher left before the exit code", e);
            }
        } finally {
            resident.end(this);
        }
    }

    /** Passes standard input on; when the launcher is gone, stops its command. */
    private void readInput(FrameChannel frames, LauncherInput stdin) {
        try {
            for (FrameChannel.Frame frame; (frame = frames.read()) != null; ) {
                if (frame.type() == FrameChannel.STDIN) {
                    stdin.add(frame.payload());
                } else if (frame.type() == FrameChannel.STDIN_END) {
                    stdin.end();
                }
            }
        } catch (IOException e) {
            log.debug("a launcher's connection failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stops.stop();
        stdin.abandon();
    }

    private boolean fromThisUser() throws IOException {
        UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        if (peer.user().getName().equals(System.getProperty("user.name"))) {
            return true;
        }
        log.warn("refused a connection from user {}", peer.user().getName());
        return false;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
