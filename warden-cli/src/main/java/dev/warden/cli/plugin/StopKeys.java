package dev.warden.cli.plugin;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;

/**
 * Ctrl-C, Ctrl-Z and Ctrl-\ while a port forward runs in a terminal. The AWS CLI starts its plugin with SIGINT,
 * SIGTSTP and SIGQUIT ignored, and a JVM cannot take back a signal it was started with ignored (the Go plugin can),
 * so plugin mode turns the terminal's signal keys off and reads them as bytes instead. Without a terminal there is
 * nothing to read; SIGTERM still works there.
 */
final class StopKeys implements AutoCloseable {

    private static final int CTRL_C = 0x03;
    private static final int CTRL_Z = 0x1A;
    private static final int CTRL_BACKSLASH = 0x1C;

    private final Terminal terminal;
    private Attributes saved;

    private StopKeys(Terminal terminal, Attributes saved) {
        this.terminal = terminal;
        this.saved = saved;
    }

    /** Calls {@code onStop} once one of the keys is typed; a no-op without a terminal. */
    static StopKeys watch(Runnable onStop, java.util.function.Consumer<String> warn) {
        if (System.console() == null) {
            return new StopKeys(null, null);
        }
        try {
            Terminal terminal = TerminalBuilder.builder().system(true).build();
            Attributes saved = terminal.getAttributes();
            Attributes keys = new Attributes(saved);
            keys.setLocalFlags(EnumSet.of(Attributes.LocalFlag.ISIG, Attributes.LocalFlag.ICANON,
                    Attributes.LocalFlag.ECHO), false);
            keys.setControlChar(Attributes.ControlChar.VMIN, 1);
            keys.setControlChar(Attributes.ControlChar.VTIME, 0);
            terminal.setAttributes(keys);
            Thread reader = new Thread(() -> awaitKey(new FileInputStream(FileDescriptor.in), onStop),
                    "warden-stop-keys");
            reader.setDaemon(true); // the read never returns if nobody types
            reader.start();
            return new StopKeys(terminal, saved);
        } catch (IOException | RuntimeException e) {
            warn.accept("warden: Ctrl-C cannot stop this session here (" + e.getMessage() + "); stop it with kill "
                    + ProcessHandle.current().pid() + ".");
            return new StopKeys(null, null);
        }
    }

    private static void awaitKey(InputStream in, Runnable onStop) {
        try {
            int b;
            while ((b = in.read()) >= 0) {
                if (b == CTRL_C || b == CTRL_Z || b == CTRL_BACKSLASH) {
                    onStop.run();
                    return;
                }
            }
        } catch (IOException e) {
            // stdin is gone; nothing to watch
        }
    }

    /** Gives the terminal its settings back. */
    @Override
    public synchronized void close() {
        if (terminal != null && saved != null) {
            terminal.setAttributes(saved);
            saved = null;
            try {
                terminal.close();
            } catch (IOException e) {
                // the terminal is gone
            }
        }
    }
}
