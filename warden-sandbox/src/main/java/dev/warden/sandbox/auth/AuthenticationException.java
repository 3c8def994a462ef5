package dev.warden.sandbox.auth;

import java.util.Objects;

/**
 * A request failed authentication. The message is what the client is shown; it never contains a
 * secret, a session token or a signature.
 */
public final class AuthenticationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final AuthFailure failure;

    public AuthenticationException(AuthFailure failure) {
        this(failure, failure.defaultMessage());
    }

    public AuthenticationException(AuthFailure failure, String message) {
        super(message, null, false, false);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public AuthFailure failure() {
        return failure;
    }
}
