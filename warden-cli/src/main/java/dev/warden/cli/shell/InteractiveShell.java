package dev.warden.cli.shell;

import dev.warden.client.SessionEnd;
import dev.warden.client.shell.ShellListener;
import dev.warden.client.shell.ShellSession;
import dev.warden.protocol.payload.TerminalSize;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The bridge between the local terminal and a {@link ShellSession}, shared by {@code warden shell} and the
 * plugin mode's shell sessions.
 *
 * <p>On a terminal (stdin and stdout both TTYs) it switches to raw mode, so every key, Ctrl-C, Ctrl-Z and the
 * arrow keys included, reaches the remote shell as bytes, sends the window size at start and on every resize
 * (SIGWINCH), and watches for the {@code ~.} escape after a newline that leaves a session that no longer answers.
 * Without a terminal (piped stdin) it copies stdin as it comes, with no escape (as ssh does without a TTY), and at
 * end of input sends Ctrl-D so the remote shell exits once it has read everything.
 *
 * <p>Use: {@link #open(Consumer)}, pass {@link #output()} and {@link #initialSize()} when attaching or starting the
 * session, then {@link #run(ShellSession)}; close it afterwards (that restores the terminal if {@code run} could
 * not).
 */
public final class InteractiveShell implements AutoCloseable {

    /** How the shell ended. */
    public enum Ending {
        /** The session ended (the remote shell exited, the service closed it, or it failed): see the end. */
        SESSION_ENDED,
        /** The user typed {@code ~.}. */
        LEFT_BY_ESCAPE
    }

    /**
     * @param ending   how it ended
     * @param end      the session's end, when it ended by itself (null after {@code ~.})
     * @param exitCode the remote command's exit code, when the session sent one
     */
    public record Outcome(Ending ending, SessionEnd end, OptionalInt exitCode) {
    }

    /** The size the official plugin reports when it cannot read the terminal's. */
    private static final TerminalSize FALLBACK_SIZE = new TerminalSize(300, 100);
    private static final byte CTRL_D = 0x04;
    private static final int READ_CHUNK = 1024;

    private final Terminal terminal;
    private final InputStream in;
    private final OutputStream out;
    private final PrintStream remoteStderr;
    private final Consumer<String> notices;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private Attributes saved;

    private InteractiveShell(Terminal terminal, InputStream in, OutputStream out, PrintStream remoteStderr,
                             Consumer<String> notices) {
        this.terminal = terminal;
        this.in = in;
        this.out = out;
        this.remoteStderr = remoteStderr;
        this.notices = notices;
    }

    /**
     * A shell on this process's terminal, or on its plain stdin and stdout when they are not both terminals.
     *
     * @param notices shows the shell's own status line (leaving with {@code ~.}) on stderr, as the command's other
     *                status lines are shown (text or JSON), with the line end a raw terminal needs
     */
    public static InteractiveShell open(Consumer<String> notices) throws IOException {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        if (System.console() == null) {
            return new InteractiveShell(null, new FileInputStream(FileDescriptor.in), stdout, System.err, notices);
        }
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        // Keys are read from fd 0 itself, not through the terminal's input stream: that one holds a lock while it
        // blocks in a read, and closing the terminal waits for that lock, so a session that ended while nobody
        // typed would never let the process exit. Raw mode is a property of the device, so the bytes are the same.
        return new InteractiveShell(terminal, new FileInputStream(FileDescriptor.in), terminal.output(),
                System.err, notices);
    }

    /** Whether keys come from a terminal in raw mode (else from a pipe or file). */
    public boolean isTerminal() {
        return terminal != null;
    }

    /** The terminal's size now (what the session's first Size should say). */
    public TerminalSize initialSize() {
        return terminal == null ? FALLBACK_SIZE : sizeOf(terminal.getSize());
    }

    /** Writes the session's output to stdout (and separate error output to stderr) as it arrives. */
    public ShellListener output() {
        return new ShellListener() {
            @Override
            public void onOutput(byte[] data) {
                write(out, data);
            }

            @Override
            public void onStderr(byte[] data) {
                write(remoteStderr, data);
            }

            @Override
            public void onExitCode(int code) {
                exitCode.complete(code);
            }
        };
    }

    /** Carries keys and resizes to the session until it ends or the user leaves; blocks until then. */
    public Outcome run(ShellSession session) throws InterruptedException {
        CompletableFuture<Void> left = new CompletableFuture<>();
        if (terminal != null) {
            synchronized (this) {
                saved = enterRawMode(terminal);
            }
            terminal.handle(Terminal.Signal.WINCH, signal -> {
                TerminalSize size = sizeOf(terminal.getSize());
                session.resize((int) size.cols(), (int) size.rows());
            });
            TerminalSize now = initialSize(); // the window may have changed while the session started
            session.resize((int) now.cols(), (int) now.rows());
        }
        Thread keys = new Thread(() -> pumpKeys(session, left), "warden-shell-input");
        keys.setDaemon(true); // a blocked read of stdin must not keep the process alive
        keys.start();
        try {
            CompletableFuture.anyOf(session.completion(), left).join();
            if (left.isDone() && !session.completion().isDone()) {
                say("left the session " + session.sessionId() + " (~.)");
                endAfterLeaving(session);
                return new Outcome(Ending.LEFT_BY_ESCAPE, null, OptionalInt.empty());
            }
            SessionEnd end = session.completion().join();
            Integer code = exitCode.getNow(null);
            return new Outcome(Ending.SESSION_ENDED, end, code == null ? OptionalInt.empty() : OptionalInt.of(code));
        } finally {
            restore();
        }
    }

    /**
     * Shows a status line of the shell's own. On a raw terminal the cursor may still stand after the remote prompt:
     * the terminal (not stderr, which may be a log file) gets the new line that moves it to the start of the next.
     */
    private void say(String message) {
        if (terminal != null && saved != null) {
            write(out, "\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        notices.accept(message);
    }

    private void pumpKeys(ShellSession session, CompletableFuture<Void> left) {
        EscapeFilter escape = terminal == null ? null : new EscapeFilter();
        byte[] buffer = new byte[READ_CHUNK];
        try {
            while (!session.completion().isDone()) {
                int n = in.read(buffer);
                if (n < 0) {
                    if (terminal == null) {
                        session.send(new byte[] {CTRL_D}); // end of piped input: let the remote shell exit
                    }
                    return;
                }
                if (n == 0) {
                    continue;
                }
                if (escape == null) {
                    session.send(java.util.Arrays.copyOf(buffer, n));
                    continue;
                }
                EscapeFilter.Result keys = escape.filter(buffer, n);
                if (keys.toSend().length > 0) {
                    session.send(keys.toSend());
                }
                if (keys.leave()) {
                    left.complete(null);
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // stdin is gone or the session ended under us; the session's completion says what happened
        }
    }

    /** After ~.: the session may be hung, so end it on the service too, but never wait long for that. */
    private static void endAfterLeaving(ShellSession session) {
        try {
            session.terminate().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort: the service ends an abandoned session after its idle timeout anyway
        }
        session.close();
    }

    /**
     * Raw mode as ssh sets it: no line editing, echo or signal keys locally (Ctrl-C, Ctrl-Z and Ctrl-\ go to the
     * remote terminal as bytes), no CR/NL translation either way, reads return after one byte.
     */
    private static Attributes enterRawMode(Terminal terminal) {
        Attributes previous = terminal.getAttributes();
        Attributes raw = new Attributes(previous);
        raw.setLocalFlags(EnumSet.of(Attributes.LocalFlag.ICANON, Attributes.LocalFlag.ECHO,
                Attributes.LocalFlag.ECHOE, Attributes.LocalFlag.ECHOK, Attributes.LocalFlag.ECHONL,
                Attributes.LocalFlag.ISIG, Attributes.LocalFlag.IEXTEN), false);
        raw.setInputFlags(EnumSet.of(Attributes.InputFlag.IXON, Attributes.InputFlag.ICRNL,
                Attributes.InputFlag.INLCR, Attributes.InputFlag.IGNCR, Attributes.InputFlag.ISTRIP,
                Attributes.InputFlag.BRKINT, Attributes.InputFlag.INPCK), false);
        raw.setOutputFlag(Attributes.OutputFlag.OPOST, false);
        raw.setControlChar(Attributes.ControlChar.VMIN, 1);
        raw.setControlChar(Attributes.ControlChar.VTIME, 0);
        terminal.setAttributes(raw);
        return previous;
    }

    /** Gives the terminal its settings back (also from a shutdown hook, while {@link #run} still waits). */
    public synchronized void restore() {
        if (terminal != null && saved != null) {
            terminal.handle(Terminal.Signal.WINCH, Terminal.SignalHandler.SIG_DFL);
            terminal.setAttributes(saved);
            saved = null;
            terminal.flush();
        }
    }

    private static TerminalSize sizeOf(Size size) {
        if (size == null || size.getColumns() <= 0 || size.getRows() <= 0) {
            return FALLBACK_SIZE;
        }
        return new TerminalSize(size.getColumns(), size.getRows());
    }

    private static void write(OutputStream stream, byte[] data) {
        try {
            stream.write(data);
            stream.flush();
        } catch (IOException e) {
            // the terminal is gone; the session ends when its input does
        }
    }

    @Override
    public void close() throws IOException {
        restore();
        if (terminal != null) {
            terminal.close();
        }
    }
}
