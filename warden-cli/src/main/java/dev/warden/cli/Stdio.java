package dev.warden.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * A command's standard streams and the signal that it must stop. Usually the process's own: stdin and stdout as
 * raw descriptors (an SSH stream must never be buffered or added to by {@code System.out}), stderr, and the JVM's
 * shutdown (SIGINT, SIGTERM, and SIGHUP, which OpenSSH sends its ProxyCommand). A command run for a launcher by the
 * resident process ({@code dev.warden.cli.resident}) gets the launcher's streams, relayed over a socket, and stops
 * when the launcher goes away.
 *
 * @param in           standard input
 * @param out          standard output, unbuffered
 * @param err          standard error, for status lines
 * @param stop         registers what to do when the command must stop early
 * @param ownsProcess  whether the command is the process's only one, and so may configure its logging
 */
public record Stdio(InputStream in, OutputStream out, PrintStream err, StopSignal stop, boolean ownsProcess) {

    /** Registers actions to run once when the command must stop before its own end. */
    @FunctionalInterface
    public interface StopSignal {
        void whenStopped(Runnable action);
    }

    /** The process's streams; stopping is the JVM's shutdown. */
    public static Stdio ofProcess() {
        return new Stdio(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out), System.err,
                action -> Runtime.getRuntime().addShutdownHook(new Thread(action, "warden-stop")), true);
    }
}
