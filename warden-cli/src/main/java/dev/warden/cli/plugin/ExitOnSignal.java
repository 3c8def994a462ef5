package dev.warden.cli.plugin;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes plugin mode exit 0 even when a signal (SIGTERM, SIGHUP) ends it, after ending its session properly. The AWS
 * CLI reports a non-zero status of its plugin (143 after SIGTERM) by printing the plugin's whole command line,
 * which with CLIs that pass the StartSession response as an argument includes the session's token.
 */
final class ExitOnSignal {

    private static final Runnable NOTHING = () -> { };
    private static final AtomicReference<Runnable> CLEANUP = new AtomicReference<>(NOTHING);

    private ExitOnSignal() {
    }

    static void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitOnSignal::exit, "warden-exit"));
    }

    /** What to do if the process is told to stop while a session runs (end it, restore the terminal). */
    static void whileRunning(Runnable cleanup) {
        CLEANUP.set(cleanup);
    }

    static void sessionEnded() {
        CLEANUP.set(NOTHING);
    }

    private static void exit() {
        try {
            CLEANUP.getAndSet(NOTHING).run();
        } catch (RuntimeException e) {
            // exiting regardless
        } finally {
            Runtime.getRuntime().halt(0);
        }
    }
}
