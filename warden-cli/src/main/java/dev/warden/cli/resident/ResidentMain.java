package dev.warden.cli.resident;

import dev.warden.cli.aws.SessionWarmUp;
import dev.warden.sandbox.config.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;

/**
 * The resident process: {@code ResidentMain DIRECTORY ID}, started by {@link ResidentSpawner} with a launcher's JVM,
 * class path and environment. It takes the address's lock (or leaves at once: another resident has it), warms up
 * the session path, and serves launchers until it is idle for {@code WARDEN_RESIDENT_IDLE} (default 30 minutes).
 * Its log (warden's own, at INFO) is the file its output is appended to.
 */
public final class ResidentMain {

    static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);

    private static final Logger log = LoggerFactory.getLogger(ResidentMain.class);

    private ResidentMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ResidentMain DIRECTORY ID (started by warden itself)");
            System.exit(2);
        }
        ResidentAddress address = new ResidentAddress(Path.of(args[0]), args[1]);
        Duration idle = idleLimit();
        try (FileChannel lockFile = FileChannel.open(address.lock(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                log.info("another resident serves {}; leaving", address.socket());
                return;
            }
            // Detached by setsid where there is one; a hang-up of the terminal it came from must not end it anyway.
            Signal.handle(new Signal("HUP"), SignalHandler.SIG_IGN);
            Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
            Resident resident = new Resident(address, idle);
            Runtime.getRuntime().addShutdownHook(new Thread(resident::stopAll, "warden-resident-stop"));
            SessionWarmUp.runNow();
            resident.serve();
        }
    }

    private static Duration idleLimit() {
        try {
            return idleLimit(System.getenv());
        } catch (IllegalArgumentException e) {
            log.warn("{}", e.getMessage());
            return DEFAULT_IDLE;
        }
    }

    /** {@code WARDEN_RESIDENT_IDLE} of {@code environment}, or the default; a value that is no duration fails. */
    static Duration idleLimit(Map<String, String> environment) {
        String value = environment.get("WARDEN_RESIDENT_IDLE");
        if (value == null || value.isBlank()) {
            return DEFAULT_IDLE;
        }
        try {
            return Durations.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("WARDEN_RESIDENT_IDLE=" + value + " is not a duration ("
                    + Durations.FORMS + "); residents use " + DEFAULT_IDLE.toMinutes() + "m", e);
        }
    }
}
