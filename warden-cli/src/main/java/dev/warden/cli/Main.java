package dev.warden.cli;

import ch.qos.logback.classic.Level;
import picocli.CommandLine;

import java.io.PrintWriter;

/** Entry point of the shaded jar: runs {@link WardenCommand} and exits with its exit code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line without exiting the JVM; returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The configured command line: a {@link CommandFailure} becomes one {@code warden: …} line on stderr and its
     * exit code; anything else is a failure at run time (1) with its message, never a stack trace on stderr.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new WardenCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cli, parseResult) -> {
                    PrintWriter err = cli.getErr();
                    LoggingOptions logging = ((WardenCommand) root(cli).getCommand()).logging();
                    if (e instanceof CommandFailure failure) {
                        err.println(logging.statusLine(Level.ERROR, failure.getMessage()));
                        err.flush();
                        return failure.exitCode();
                    }
                    org.slf4j.LoggerFactory.getLogger(Main.class).debug("unexpected failure", e);
                    err.println(logging.statusLine(Level.ERROR, "unexpected error: " + e));
                    err.flush();
                    return ExitCodes.FAILURE;
                });
    }

    private static CommandLine root(CommandLine command) {
        CommandLine root = command;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root;
    }
}
