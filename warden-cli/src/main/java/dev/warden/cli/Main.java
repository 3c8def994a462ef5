package dev.warden.cli;

import picocli.CommandLine;

/** Entry point of the shaded jar: runs {@link WardenCommand} and exits with its exit code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line without exiting the JVM; returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new WardenCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }
}
