package dev.warden.cli;

import ch.qos.logback.classic.Level;
import dev.warden.cli.aws.SessionWarmUp;
import dev.warden.cli.resident.ResidentLauncher;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;

/** Entry point of the shaded jar: runs {@link WardenCommand} and exits with its exit code. */
public final class Main {

    /** The commands that start a session, whose start-up {@link SessionWarmUp} shortens. */
    private static final List<String> SESSION_COMMANDS = List.of("ssh-proxy", "forward", "start-session", "shell");

    private Main() {
    }

    public static void main(String[] args) {
        OptionalInt byResident = ResidentLauncher.run(args);
        if (byResident.isPresent()) {
            System.exit(byResident.getAsInt());
        }
        List<String> words = List.of(args);
        if (SESSION_COMMANDS.stream().anyMatch(words::contains)) {
            // Logging first, on this thread: SLF4J hands a logger factory asked for during its set-up on another
            // thread a stand-in, which the logging options could not configure. The SDK logs as it starts.
            LoggerFactory.getILoggerFactory();
            SessionWarmUp.start();
        }
        System.exit(run(args));
    }

    /** Runs the command line without exiting the JVM; returns the exit code. */
    public static int run(String... args) {
        return commandLine(List.of(args)).execute(args);
    }

    /**
     * The configured command line: a {@link CommandFailure} becomes one {@code warden: …} line on stderr and its
     * exit code; anything else is a failure at run time (1) with its message, never a stack trace on stderr.
     */
    public static CommandLine commandLine() {
        return commandLine(List.of());
    }

    /**
     * The command line for {@code args}: with only the subcommands {@code args} name, when they name any and ask for
     * no help. Building a subcommand's model (its options, converters and their types, by reflection) costs start-up
     * time, and a command line can only run a subcommand it names, so {@code warden ssh-proxy …} need not build
     * {@code govern}'s. Help and usage errors see every subcommand.
     */
    static CommandLine commandLine(List<String> args) {
        return commandLine(args, new WardenCommand());
    }

    /**
     * The command line for {@code args} on {@code stdio}: how the resident process runs a launcher's command. Usage
     * and errors go to {@code stdio}'s stderr, help to its stdout.
     */
    public static CommandLine commandLine(List<String> args, Stdio stdio) {
        return commandLine(args, new WardenCommand(stdio))
                .setOut(new PrintWriter(stdio.out(), true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(stdio.err(), true));
    }

    private static CommandLine commandLine(List<String> args, WardenCommand command) {
        CommandLine warden = new CommandLine(command);
        List<Class<?>> named = WardenCommand.SUBCOMMANDS.stream().filter(c -> args.contains(nameOf(c))).toList();
        boolean help = args.stream().anyMatch(a -> a.equals("-h") || a.equals("--help"));
        for (Class<?> subcommand : named.isEmpty() || help ? WardenCommand.SUBCOMMANDS : named) {
            warden.addSubcommand(subcommand);
        }
        // After the subcommands: picocli passes these settings on to the subcommands present.
        return warden.setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cli, parseResult) -> {
                    PrintWriter err = cli.getErr();
                    LoggingOptions logging = ((WardenCommand) root(cli).getCommand()).logging();
                    if (e instanceof CommandFailure failure) {
                        err.println(logging.statusLine(Level.ERROR, failure.getMessage()));
                        err.flush();
                        return failure.exitCode();
                    }
                    LoggerFactory.getLogger(Main.class).debug("unexpected failure", e);
                    err.println(logging.statusLine(Level.ERROR, "unexpected error: " + e));
                    err.flush();
                    return ExitCodes.FAILURE;
                });
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    private static CommandLine root(CommandLine command) {
        CommandLine root = command;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root;
    }
}
