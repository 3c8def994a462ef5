-- Exemptions granted at runtime (the dashboard's), honoured by the engine alongside the policy's own. A revoked
-- exemption keeps its row (revoked_at set): the audit trail names it, so it is never reused or forgotten.
CREATE TABLE granted_exemption (
    id         TEXT   PRIMARY KEY,
    principal  TEXT,
    target     TEXT,
    reason     TEXT,
    ticket     TEXT,
    expires_at BIGINT NOT NULL,
    granted_at BIGINT NOT NULL,
    granted_by TEXT   NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX granted_exemption_in_force ON granted_exemption (revoked_at, expires_at);
