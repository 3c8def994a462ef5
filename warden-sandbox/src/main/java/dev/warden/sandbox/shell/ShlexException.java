package dev.warden.sandbox.shell;

/** A command line that {@link Shlex} cannot split; the message is shlex's own text. */
public final class ShlexException extends Exception {

    private static final long serialVersionUID = 1L;

    ShlexException(String message) {
        super(message);
    }
}
