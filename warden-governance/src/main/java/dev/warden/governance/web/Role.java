package dev.warden.governance.web;

/** What a dashboard user may do: a viewer reads, an operator also terminates sessions and grants exemptions. */
public enum Role {
    VIEWER,
    OPERATOR;

    public boolean canChange() {
        return this == OPERATOR;
    }

    /** How pages and the audit trail name it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
