package dev.warden.sandbox.config;

/**
 * The sandbox configuration is unusable. The message names the file, the key (as a path such as
 * {@code fleet[1].pingStatus}) and what is allowed, so that it can be shown to a user as is.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
