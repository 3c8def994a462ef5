package dev.warden.sandbox.protocol;

import dev.warden.sandbox.auth.Principal;
import dev.warden.sandbox.fleet.AccountRegion;
import dev.warden.sandbox.auth.VerifiedCaller;
import java.util.Objects;

/** Who is calling an operation, and the request id the response will carry. */
public record CallContext(VerifiedCaller caller, String requestId) {

    public CallContext {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(requestId, "requestId");
    }

    public Principal principal() {
        return caller.principal();
    }

    /** Where the call acts: the account of the caller's credentials, the region its signature names. */
    public AccountRegion accountRegion() {
        return new AccountRegion(caller.principal().accountId(), caller.region());
    }
}
