package dev.warden.cli.plugin;

import ch.qos.logback.classic.Level;
import dev.warden.cli.WardenCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code warden install-plugin [DIR]}: makes warden the {@code session-manager-plugin} the AWS CLI runs. */
@Command(
        name = "install-plugin",
        mixinStandardHelpOptions = true,
        description = {
                "Writes a session-manager-plugin launcher that runs warden in plugin mode, so that"
                        + " 'aws ssm start-session' uses warden for shells, SSH streams and port forwards.",
                "The launcher holds the absolute paths of this Java runtime and of warden's jar: run"
                        + " install-plugin again after moving either."},
        footer = {"", "Exit codes: 0 installed, 1 not installed (the file exists and is not warden's, or it could"
                + " not be written), 2 invalid usage."})
public final class InstallPluginCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "Where to write the launcher (default: ~/.local/bin). It must come before any other"
                    + " session-manager-plugin on PATH.")
    private Path dir;

    @Option(names = "--force", description = "Replace a session-manager-plugin in DIR that warden did not write.")
    private boolean force;

    @ParentCommand
    private WardenCommand warden;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path target = targetDir().toAbsolutePath().normalize();
        Path file = target.resolve(PluginLauncher.FILE_NAME);
        try {
            if (Files.exists(file) && !force && !PluginLauncher.isWardens(file)) {
                err.println(warden.logging().statusLine(Level.ERROR, file + " exists and was not written by warden"
                        + " (the official plugin?); move it away, or pass --force to replace it."));
                return 1;
            }
            PluginLauncher.forThisProcess().writeTo(target);
        } catch (IOException e) {
            err.println(warden.logging().statusLine(Level.ERROR, "cannot write " + file + ": " + e.getMessage()));
            return 1;
        }
        out.println("Installed " + file + " (runs warden as session-manager-plugin).");
        if (!onPath(target)) {
            out.println("Note: " + target + " is not on PATH; add it in front, e.g. export PATH=\"" + target
                    + ":$PATH\"");
        }
        out.println("Check it:  session-manager-plugin --version   (prints " + PluginArguments.PLUGIN_VERSION + ")");
        out.println("Use it:    aws ssm start-session --target i-0123456789abcdef0");
        return 0;
    }

    private Path targetDir() {
        if (dir != null) {
            return dir;
        }
        // $HOME as the user's shell sees it (Java's user.home comes from the password database instead).
        String home = System.getenv("HOME");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home, ".local", "bin");
    }

    private static boolean onPath(Path target) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator)).filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).toAbsolutePath().normalize()).anyMatch(target::equals);
    }
}
