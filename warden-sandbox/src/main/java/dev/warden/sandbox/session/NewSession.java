package dev.warden.sandbox.session;

import dev.warden.sandbox.auth.Principal;
import java.util.Objects;

/** What a session is started with; the SSM API layer builds it after validating StartSession. */
public record NewSession(String target, SessionDocument document, Principal owner, String reason,
                         SessionPreferences preferences) {

    public NewSession {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(preferences, "preferences");
    }
}
