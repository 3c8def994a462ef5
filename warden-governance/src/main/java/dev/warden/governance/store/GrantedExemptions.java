package dev.warden.governance.store;

import dev.warden.governance.policy.Exemption;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.RecordKind;
import dev.warden.governance.trail.Subject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Exemptions granted at runtime: kept in the store, so that every process on it (the dashboard, the watcher, a
 * one-off {@code enforce}) honours them alongside the policy's; each grant and revoke is recorded in the audit
 * trail as an action.
 */
public final class GrantedExemptions {

    private static final String COLUMNS =
            "id, principal, target, reason, ticket, expires_at, granted_at, granted_by, revoked_at";

    private final Jdbi jdbi;
    private final AuditTrail trail;
    private final Clock clock;

    public GrantedExemptions(GovernanceStore store, AuditTrail trail, Clock clock) {
        this.jdbi = store.jdbi();
        this.trail = trail;
        this.clock = clock;
    }

    /** Stores the exemption and records the grant. */
    public GrantedExemption grant(Exemption exemption, String grantedBy) {
        if (exemption.principal().isEmpty() && exemption.target().isEmpty()) {
            throw new IllegalArgumentException("an exemption names a principal pattern, a target or both");
        }
        if (exemption.reason().isEmpty() && exemption.ticket().isEmpty()) {
            throw new IllegalArgumentException("an exemption says why: a reason, a ticket or both");
        }
        Instant now = Instant.ofEpochMilli(clock.millis());
        GrantedExemption granted = new GrantedExemption(UUID.randomUUID().toString(), exemption, now, grantedBy,
                Optional.empty());
        jdbi.useTransaction(h -> h.createUpdate("INSERT INTO granted_exemption (" + COLUMNS + ") VALUES (:id,"
                        + " :principal, :target, :reason, :ticket, :expiresAt, :grantedAt, :grantedBy, NULL)")
                .bind("id", granted.id())
                .bind("principal", exemption.principal().orElse(null))
                .bind("target", exemption.target().orElse(null))
                .bind("reason", exemption.reason().orElse(null))
                .bind("ticket", exemption.ticket().orElse(null))
                .bind("expiresAt", exemption.expires().toEpochMilli())
                .bind("grantedAt", now.toEpochMilli())
                .bind("grantedBy", grantedBy)
                .execute());
        trail.append(RecordKind.ACTION, subject(exemption), details("exemption-grant", granted));
        return granted;
    }

    /** Revokes an exemption that is not yet revoked and records it; false when there is no such exemption. */
    public boolean revoke(String id, String revokedBy) {
        Optional<GrantedExemption> found = find(id).filter(g -> g.revokedAt().isEmpty());
        if (found.isEmpty()) {
            return false;
        }
        long now = clock.millis();
        int changed = jdbi.withHandle(h -> h.createUpdate("UPDATE granted_exemption SET revoked_at = :now"
                + " WHERE id = :id AND revoked_at IS NULL").bind("now", now).bind("id", id).execute());
        if (changed == 0) {
            return false;
        }
        Map<String, Object> d = details("exemption-revoke", found.get());
        d.put("revokedBy", revokedBy);
        trail.append(RecordKind.ACTION, subject(found.get().exemption()), d);
        return true;
    }

    public Optional<GrantedExemption> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM granted_exemption WHERE id = :id")
                .bind("id", id).map(GrantedExemptions::map).findOne());
    }

    /** Every exemption ever granted, newest first (revoked and expired ones too: the page shows what happened). */
    public List<GrantedExemption> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM granted_exemption"
                + " ORDER BY granted_at DESC, id").map(GrantedExemptions::map).list());
    }

    /**
     * What the judge honours: every exemption not revoked, expired ones included, as the policy's own are (an
     * expired exemption still moves a limit to its expiry and is a finding).
     */
    public List<Exemption> notRevoked() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM granted_exemption"
                        + " WHERE revoked_at IS NULL ORDER BY granted_at").map(GrantedExemptions::map).list())
                .stream().map(GrantedExemption::exemption).toList();
    }

    private static Subject subject(Exemption e) {
        return new Subject(null, null, null, e.target().orElse(null));
    }

    private static Map<String, Object> details(String action, GrantedExemption g) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("action", action);
        d.put("id", g.id());
        d.put("exemption", g.exemption().describe());
        g.exemption().reason().ifPresent(r -> d.put("reason", r));
        g.exemption().ticket().ifPresent(t -> d.put("ticket", t));
        d.put("expires", g.exemption().expires());
        d.put("grantedBy", g.grantedBy());
        return d;
    }

    private static GrantedExemption map(ResultSet rs, StatementContext ctx) throws SQLException {
        long revoked = rs.getLong("revoked_at");
        Optional<Instant> revokedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked));
        Exemption e = new Exemption(Optional.ofNullable(rs.getString("principal")),
                Optional.ofNullable(rs.getString("target")), Optional.ofNullable(rs.getString("reason")),
                Optional.ofNullable(rs.getString("ticket")), Instant.ofEpochMilli(rs.getLong("expires_at")));
        return new GrantedExemption(rs.getString("id"), e, Instant.ofEpochMilli(rs.getLong("granted_at")),
                rs.getString("granted_by"), revokedAt);
    }
}
