package dev.warden.governance.lease;

/** The lease a side effect was to be claimed under is no longer the caller's: another replica may act now. */
public final class LeaseLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LeaseLostException(Lease lease) {
        super("the lease on " + lease.unit() + " (fence " + lease.fence() + ") is no longer held by "
                + lease.holder());
    }
}
