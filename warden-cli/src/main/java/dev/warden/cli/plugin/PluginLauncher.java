package dev.warden.cli.plugin;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The {@code session-manager-plugin} launcher: a shell script that starts this warden in plugin mode (Java cannot
 * see the name it was started under, so the name lives in the script). It holds the absolute paths of the Java
 * runtime and of warden's code as they are at install time; reinstall after moving either.
 */
public final class PluginLauncher {

    public static final String FILE_NAME = "session-manager-plugin";

    /** The line that marks a launcher as Warden's, so a reinstall may replace it without --force. */
    static final String MARKER = "# warden-plugin-launcher";

    private final Path javaExecutable;
    private final String classpath;

    /**
     * @param java      the Java executable to run
     * @param classpath warden's code: the shaded jar, or the classes and jars of a development build
     */
    public PluginLauncher(Path java, String classpath) {
        this.javaExecutable = java.toAbsolutePath();
        this.classpath = classpath;
    }

    /** The Java runtime and the code of this process. */
    public static PluginLauncher forThisProcess() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new PluginLauncher(java, currentClasspath());
    }

    /** Where this code runs from: the shaded jar when it is one, else the JVM's class path (a development run). */
    static String currentClasspath() {
        try {
            Path location = Path.of(PluginMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                return location.toAbsolutePath().toString();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall back to the class path below
        }
        StringBuilder absolute = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                absolute.append(absolute.length() == 0 ? "" : File.pathSeparator)
                        .append(Path.of(entry).toAbsolutePath());
            }
        }
        return absolute.toString();
    }

    /** The script's text. */
    public String script() {
        return String.join("\n", List.of(
                "#!/bin/sh",
                MARKER,
                "# Warden's drop-in session-manager-plugin, written by 'warden install-plugin'. The AWS CLI runs it",
                "# for 'aws ssm start-session'; delete it to go back to the official plugin.",
                "exec " + quote(javaExecutable.toString()) + " ${WARDEN_JAVA_OPTS:-} -cp " + quote(classpath) + " "
                        + PluginMain.class.getName() + " \"$@\"",
                ""));
    }

    /** Whether {@code file} is a launcher Warden wrote (and may be replaced). */
    public static boolean isWardens(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) > 64 * 1024) {
            return false;
        }
        return Files.readString(file, StandardCharsets.ISO_8859_1).lines().anyMatch(MARKER::equals);
    }

    /** Writes the launcher as {@code dir/session-manager-plugin}, executable; returns its path. */
    public Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(FILE_NAME);
        Path temporary = Files.createTempFile(dir, ".session-manager-plugin", ".tmp");
        try {
            Files.writeString(temporary, script(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }

    /** Single-quotes a word for sh. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
