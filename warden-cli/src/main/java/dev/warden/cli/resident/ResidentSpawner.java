package dev.warden.cli.resident;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Starts the resident process for an address, detached from the launcher: in a session of its own (setsid), so
 * that neither the terminal's hang-up nor OpenSSH's SIGHUP to its ProxyCommand reaches it, with the launcher's JVM,
 * JVM options, class path and environment, in the home directory, its output appended to its log.
 */
final class ResidentSpawner {

    /**
     * The launcher's JVM options the resident does not take: ones that write files or open ports of their own
     * (logs, debuggers, agents) and the launcher's class-data archive, made for a short-lived process.
     */
    private static final List<String> LAUNCHER_ONLY_OPTIONS = List.of("-Xlog", "-verbose", "-agentlib",
            "-agentpath", "-javaagent", "-Xdebug", "-Xrunjdwp", "-Xshare", "-XX:SharedArchiveFile",
            "-XX:ArchiveClassesAtExit", "-XX:DumpLoadedClassList", "-XX:+AutoCreateSharedArchive");

    /** The log is started afresh, the previous one kept as {@code .log.1}, once it passes this size. */
    private static final long LOG_LIMIT = 10L * 1024 * 1024;

    private ResidentSpawner() {
    }

    /** Starts a resident unless one is running or starting (it holds the lock); never fails the launcher. */
    static void startFor(ResidentAddress address) {
        try {
            address.createDirectory();
            if (address.problem().isPresent() || lockHeld(address)) {
                return;
            }
            rotateLog(address.log());
            new ProcessBuilder(command(address))
                    .directory(new File(System.getProperty("user.home")))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(address.log().toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException | RuntimeException e) {
            // without a resident, every command runs in its own process, as it always can
        }
    }

    static List<String> command(ResidentAddress address) {
        List<String> command = new ArrayList<>();
        onPath("setsid").ifPresent(setsid -> command.add(setsid.toString()));
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> LAUNCHER_ONLY_OPTIONS.stream().noneMatch(option::startsWith))
                .forEach(command::add);
        command.add("-cp");
        command.add(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> new File(entry).getAbsolutePath()).collect(Collectors.joining(File.pathSeparator)));
        command.add(ResidentMain.class.getName());
        command.add(address.directory().toString());
        command.add(address.id());
        return command;
    }

    private static boolean lockHeld(ResidentAddress address) throws IOException {
        try (FileChannel channel = FileChannel.open(address.lock(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            return lock == null;
        }
    }

    private static void rotateLog(Path log) throws IOException {
        if (Files.isRegularFile(log) && Files.size(log) > LOG_LIMIT) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
    }
}
