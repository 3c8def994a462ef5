package dev.warden.governance;

import dev.warden.governance.alert.AlertOutcome;
import dev.warden.governance.alert.Alerter;
import dev.warden.governance.aws.AccountRegion;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.aws.FleetInventory;
import dev.warden.governance.aws.LogActivityReader;
import dev.warden.governance.aws.Observation;
import dev.warden.governance.aws.SessionObserver;
import dev.warden.governance.aws.SessionTerminator;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.judge.Finding;
import dev.warden.governance.judge.FindingType;
import dev.warden.governance.judge.Judge;
import dev.warden.governance.judge.SessionVerdict;
import dev.warden.governance.policy.AccountScope;
import dev.warden.governance.policy.Exemption;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.prefs.DocumentAudit;
import dev.warden.governance.prefs.PreferenceAuditor;
import dev.warden.governance.prefs.PreferenceFinding;
import dev.warden.governance.prefs.PreferenceReport;
import dev.warden.governance.prefs.RequiredPreferences;
import dev.warden.governance.prefs.TierDocument;
import dev.warden.governance.prefs.TierDocuments;
import dev.warden.governance.store.ActiveSession;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GrantedExemptions;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.RecordKind;
import dev.warden.governance.trail.Subject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The engine's façade: one review or enforcement pass over every account × region of a policy, each pair
 * observed, judged, acted on and recorded on its own (in parallel), so that a pair that fails is recorded as an
 * error and the others are still done. The command line and tests call only this.
 */
public final class Governance {

    private static final int MAX_PARALLEL_PAIRS = 8;

    private final AwsAccess aws;
    private final AuditTrail trail;
    private final Clock clock;
    private final SessionObserver observer;
    private final SessionTerminator terminator;
    private final PreferenceAuditor preferences = new PreferenceAuditor();
    private final TierDocuments tierDocuments = new TierDocuments();
    private final LogActivityReader activity = new LogActivityReader();
    private final Alerter alerter;
    private final Optional<ActiveSessions> live;
    private volatile Optional<GrantedExemptions> granted = Optional.empty();

    public Governance(AwsAccess aws, AuditTrail trail, Clock clock, Duration confirmWithin) {
        this(aws, trail, clock, confirmWithin, new Alerter(aws, Alerter.ATTEMPTS, Alerter.FIRST_BACKOFF));
    }

    public Governance(AwsAccess aws, AuditTrail trail, Clock clock, Duration confirmWithin, Alerter alerter) {
        this(aws, trail, clock, confirmWithin, alerter, Optional.empty());
    }

    /**
     * @param live where each pass keeps the live view of the sessions it saw (for watch mode and the dashboard);
     *             empty when only the audit trail is wanted
     */
    public Governance(AwsAccess aws, AuditTrail trail, Clock clock, Duration confirmWithin, Alerter alerter,
                      Optional<ActiveSessions> live) {
        this.live = live;
        this.alerter = alerter;
        this.aws = aws;
        this.trail = trail;
        this.clock = clock;
        this.observer = new SessionObserver(clock);
        this.terminator = new SessionTerminator(clock, confirmWithin);
    }

    /**
     * From now on, every pass also honours the exemptions granted at runtime in {@code exemptions} (read once per
     * pass), alongside the policy's own.
     */
    public Governance honouring(GrantedExemptions exemptions) {
        this.granted = Optional.of(exemptions);
        return this;
    }

    /** Observes and judges every pair; records observations, findings and errors; changes nothing. */
    public PassReport review(Policy policy) {
        return pass(policy, null);
    }

    /** Like {@link #review}, then terminates every violator (nothing in dry run) and records each action. */
    public PassReport enforce(Policy policy) {
        return enforce(policy, TerminationClaim.ALWAYS);
    }

    /**
     * Like {@link #enforce(Policy)}, acting only on the violators {@code claim} grants: a session another path is
     * already terminating (a watch timer) is left to it, so that no session is terminated or recorded twice.
     */
    public PassReport enforce(Policy policy, TerminationClaim claim) {
        PassReport report = pass(policy, claim);
        List<String> lines = new ArrayList<>();
        for (PairReport pair : report.pairs()) {
            pair.error().ifPresent(e -> lines.add("ERROR " + e));
            for (TerminationOutcome t : pair.terminations()) {
                lines.add(pair.pair() + " " + t.status() + " " + t.sessionId() + t.error().map(e -> ": " + e).orElse(""));
            }
        }
        if (!lines.isEmpty()) {
            long ended = report.pairs().stream().flatMap(p -> p.terminations().stream())
                    .filter(t -> t.status() == TerminationOutcome.Status.TERMINATED).count();
            alert(policy, "Warden: " + ended + " session(s) terminated" + (policy.dryRun() ? " (dry run)" : ""),
                    lines);
        }
        return report;
    }

    /** Sends an alert to the policy's channels and records each channel's outcome. */
    public void alert(Policy policy, String subject, List<String> lines) {
        String text = String.join("\n", lines);
        for (AlertOutcome o : alerter.send(policy.alerts(), subject, text)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("channel", o.channel());
            d.put("subject", subject);
            d.put("sent", o.sent());
            d.put("attempts", o.attempts());
            o.error().ifPresent(e -> d.put("error", e));
            trail.append(RecordKind.ALERT, Subject.NONE, d);
        }
    }

    /**
     * The record of a termination that a former holder of the session's pair claimed and never recorded (it stopped
     * between its TerminateSession call and the record): the session's end as History shows it. Empty while the
     * session has not ended (its end timer then resumes the claim and terminates it), and in a dry run (nothing was
     * terminated). Who ended it, the former holder or its user, History does not say; the record says so.
     */
    public Optional<AuditTrail.Entry> unrecordedTermination(Policy policy, AccountScope account, String region,
                                                            String sessionId) {
        if (policy.dryRun()) {
            return Optional.empty();
        }
        Optional<Instant> end = terminator.endInHistory(aws.ssm(account, region), sessionId);
        if (end.isEmpty()) {
            return Optional.empty();
        }
        TerminationOutcome outcome = new TerminationOutcome(sessionId, TerminationOutcome.Status.TERMINATED,
                Optional.empty(), end, Optional.empty());
        Map<String, Object> details = actionDetails("its termination was claimed by a former holder of the pair,"
                + " which stopped before recording it; found ended in History when the pair was taken over", outcome,
                Optional.empty(), false);
        details.put("manual", false);
        details.put("recordedAtTakeOver", true);
        return Optional.of(new AuditTrail.Entry(RecordKind.ACTION,
                Subject.session(account.accountId(), region, sessionId, null), details));
    }

    /** The manual path: terminates one session with the operator's reason, recorded like any action. */
    public TerminationOutcome terminate(Policy policy, AccountScope account, String region, String sessionId,
                                        String reason) {
        SsmClient ssm = aws.ssm(account, region);
        TerminationOutcome outcome = terminator.terminate(ssm, sessionId, Optional.empty(), policy.dryRun());
        Map<String, Object> details = actionDetails(reason, outcome, Optional.empty(), policy.dryRun());
        details.put("manual", true);
        trail.append(RecordKind.ACTION, Subject.session(account.accountId(), region, sessionId, null), details);
        forgetIfEnded(account.accountId(), region, outcome);
        return outcome;
    }

    /**
     * Audits the session preferences of every account × region against the strictest tier; with
     * {@code remediate} (ignored in dry run) writes the fixes as new default versions. Each finding and each
     * change (inputs before and after) is recorded.
     */
    public List<PreferenceReport> auditPreferences(Policy policy, boolean remediate) {
        RequiredPreferences required = RequiredPreferences.strictestOf(policy);
        boolean write = remediate && !policy.dryRun();
        List<PreferenceReport> reports = new ArrayList<>();
        for (AccountScope account : policy.scope().accounts()) {
            for (String region : policy.scope().regions()) {
                AccountRegion pair = new AccountRegion(account.accountId(), region);
                Subject subject = Subject.of(pair.accountId(), region);
                List<DocumentAudit> audits;
                List<TierDocument> tierDocs;
                Map<String, Object> coverage;
                try {
                    audits = preferences.audit(aws.ssm(account, region), aws.s3(account, region),
                            aws.logs(account, region), required, write);
                    tierDocs = tierDocuments.reconcile(aws.ssm(account, region), policy, pair,
                            preferences.preferenceInputs(aws.ssm(account, region)), write);
                    coverage = coverage(policy, account, region, audits);
                } catch (SdkException e) {
                    String error = "cannot audit the preferences of " + pair + ": " + e.getMessage();
                    trail.append(RecordKind.ERROR, subject, Map.of("pass", "audit", "error", error));
                    reports.add(new PreferenceReport(pair, Optional.of(error), List.of(), List.of()));
                    continue;
                }
                List<AuditTrail.Entry> entries = new ArrayList<>();
                entries.add(new AuditTrail.Entry(RecordKind.OBSERVATION, subject, coverage));
                for (DocumentAudit a : audits) {
                    for (PreferenceFinding f : a.findings()) {
                        entries.add(new AuditTrail.Entry(RecordKind.FINDING, subject, Map.of("finding",
                                "PREFERENCE_DRIFT", "document", f.document(), "version", f.version(), "field",
                                f.field(), "expected", f.expected(), "actual", f.actual())));
                    }
                    a.remediation().ifPresent(r -> {
                        Map<String, Object> d = new LinkedHashMap<>();
                        d.put("action", "remediate");
                        d.put("document", a.document());
                        d.put("fromVersion", r.fromVersion());
                        r.toVersion().ifPresent(v -> d.put("toVersion", v));
                        d.put("before", r.before());
                        d.put("after", r.after());
                        d.put("outcome", r.error().isPresent() ? "FAILED" : "REMEDIATED");
                        r.error().ifPresent(e -> d.put("error", e));
                        entries.add(new AuditTrail.Entry(RecordKind.ACTION, subject, d));
                    });
                }
                for (TierDocument t : tierDocs) {
                    entries.add(tierDocumentEntry(subject, t));
                }
                trail.appendAll(entries);
                reports.add(new PreferenceReport(pair, Optional.empty(), audits, tierDocs));
            }
        }
        List<String> drift = new ArrayList<>();
        for (PreferenceReport r : reports) {
            r.error().ifPresent(e -> drift.add("ERROR " + e));
            for (DocumentAudit a : r.documents()) {
                a.findings().forEach(f -> drift.add(r.pair() + " " + f.document() + " v" + f.version() + " "
                        + f.field() + ": expected " + f.expected() + ", found " + f.actual()));
                a.remediation().ifPresent(x -> drift.add(r.pair() + " " + a.document() + x.toVersion()
                        .map(v -> " remediated: version " + v + " is the default").orElse(" remediation failed: "
                                + x.error().orElse(""))));
            }
        }
        if (!drift.isEmpty()) {
            alert(policy, "Warden: session preference drift", drift);
        }
        return reports;
    }

    /**
     * Coverage of one pair: managed instances whose tier is decided by their tags (not the default tier by
     * omission), counted as covered only when the pair's preferences enforce both the idle timeout and the
     * maximum duration of the strictest tier (after remediation, when it succeeded).
     */
    private Map<String, Object> coverage(Policy policy, AccountScope account, String region,
                                         List<DocumentAudit> audits) {
        Map<String, Map<String, String>> fleet = FleetInventory.read(aws.ssm(account, region));
        long decided = fleet.values().stream()
                .filter(tags -> policy.tierDecidingTags().stream().anyMatch(tags::containsKey)
                        && !policy.tierFor(tags).equals(policy.defaultTier()))
                .count();
        boolean enforced = audits.stream().filter(a -> a.document().equals(PreferenceAuditor.PREFERENCES))
                .findFirst().map(a -> a.remediation().map(r -> r.error().isEmpty()).orElse(false)
                        || a.findings().stream().noneMatch(f -> f.field().equals("idleSessionTimeout")
                        || f.field().equals("maxSessionDuration")))
                .orElse(false);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("observation", "coverage");
        d.put("instances", fleet.size());
        d.put("tierDecidedByTags", decided);
        d.put("preferencesEnforceLimits", enforced);
        d.put("covered", enforced ? decided : 0);
        return d;
    }

    /** @param claim null for a review (no action), else which violators this pass may act on */
    private PassReport pass(Policy given, TerminationClaim claim) {
        Policy policy = granted.map(g -> given.withAddedExemptions(g.notRevoked())).orElse(given);
        List<AccountScope> accounts = policy.scope().accounts();
        List<String> regions = policy.scope().regions();
        int pairs = accounts.size() * regions.size();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(MAX_PARALLEL_PAIRS, pairs)), r -> {
            Thread t = new Thread(r, "warden-governance-pair");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<PairReport>> futures = new ArrayList<>();
            for (AccountScope account : accounts) {
                for (String region : regions) {
                    futures.add(pool.submit(() -> pair(policy, account, region, claim)));
                }
            }
            List<PairReport> reports = new ArrayList<>();
            for (Future<PairReport> f : futures) {
                reports.add(f.get());
            }
            return new PassReport(reports);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the pass was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a pair failed unexpectedly: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private PairReport pair(Policy policy, AccountScope account, String region, TerminationClaim claim) {
        boolean act = claim != null;
        AccountRegion pair = new AccountRegion(account.accountId(), region);
        Subject pairSubject = Subject.of(pair.accountId(), region);
        String pass = act ? "enforce" : "review";
        Observation observation;
        SsmClient ssm;
        // Taken before reading: a session an event reports while the pass reads is newer than the pass's view.
        Instant observedAt = clock.instant();
        try {
            ssm = aws.ssm(account, region);
            observation = observer.observe(pair, ssm);
            observation = observation.withActivity(activity.read(ssm, aws.logs(account, region),
                    observation.sessions(), observation.observedAt(), LogActivityReader.horizon(policy)));
        } catch (SdkException e) {
            String error = "cannot read sessions of " + pair + ": " + e.getMessage();
            trail.append(RecordKind.ERROR, pairSubject, Map.of("pass", pass, "error", error));
            return PairReport.failed(pair, error);
        }
        Instant now = clock.instant();
        List<SessionVerdict> verdicts = Judge.judge(policy, observation, now);

        // Sessions whose judged state has not changed since their last record are not recorded again.
        List<SessionVerdict> changed = SessionRecording.toRecord(trail, pair, verdicts, now);
        List<AuditTrail.Entry> entries = new ArrayList<>();
        entries.add(new AuditTrail.Entry(RecordKind.OBSERVATION, pairSubject, Map.of("pass", pass,
                "activeSessions", observation.sessions().size(), "targets", observation.targetTags().size(),
                "sessionsRecorded", changed.size(), "dryRun", policy.dryRun())));
        for (SessionVerdict v : changed) {
            Subject subject = Subject.session(pair.accountId(), region, v.session().sessionId(), v.session().target());
            entries.add(new AuditTrail.Entry(RecordKind.OBSERVATION, subject, observationDetails(v)));
            for (Finding f : v.findings()) {
                entries.add(new AuditTrail.Entry(RecordKind.FINDING, subject, Map.of("finding", f.type().name(),
                        "tier", v.tier().name(), "expected", f.expected(), "actual", f.actual(),
                        "principal", v.session().owner())));
            }
        }
        trail.appendAll(entries);
        live.ifPresent(view -> view.replacePair(pair.accountId(), region, verdicts.stream()
                .map(v -> activeSession(pair, v, observedAt)).toList(), observedAt));
        if (!act) {
            return new PairReport(pair, Optional.empty(), verdicts, List.of());
        }

        List<TerminationOutcome> outcomes = new ArrayList<>();
        // One transaction for the pair's actions: one per termination made appends slow on SQLite (a commit
        // each) the longest part of a pass with many violators. The records are appended in the same order.
        List<AuditTrail.Entry> acted = new ArrayList<>();
        for (SessionVerdict v : verdicts) {
            if (v.terminate().isPresent() && !claim.claim(pair, v)) {
                continue;
            }
            actOn(policy, ssm, pair, v, acted).ifPresent(outcomes::add);
        }
        trail.appendAll(acted);
        return new PairReport(pair, Optional.empty(), verdicts, outcomes);
    }

    private void forgetIfEnded(String accountId, String region, TerminationOutcome outcome) {
        if (outcome.status() == TerminationOutcome.Status.TERMINATED) {
            live.ifPresent(view -> view.remove(accountId, region, outcome.sessionId()));
        }
    }

    /** A session's entry in the live view: its deadline is its tier's maximum. */
    public static ActiveSession activeSession(AccountRegion pair, SessionVerdict v, Instant observedAt) {
        Instant started = v.session().startDate();
        return new ActiveSession(pair.accountId(), pair.region(), v.session().sessionId(), v.session().target(),
                v.session().owner(), v.tier().name(), v.owner(), v.session().documentName(), started,
                Optional.of(started.plus(v.tier().max())), observedAt);
    }

    /**
     * Acts on one verdict outside a pass (a watch timer at the session's limit): records the use of the exemption
     * that spares it, or terminates it and records the action, exactly as a pass does.
     *
     * @return the termination's outcome, when the verdict terminates
     */
    public Optional<TerminationOutcome> act(Policy policy, AccountScope account, String region, SessionVerdict v) {
        List<AuditTrail.Entry> acted = new ArrayList<>();
        Optional<TerminationOutcome> outcome = act(policy, account, region, v, acted);
        trail.appendAll(acted);
        return outcome;
    }

    /**
     * Like {@link #act(Policy, AccountScope, String, SessionVerdict)}, adding the records to {@code acted} instead
     * of appending them: a replica appends them with the completion of its claim, in one transaction.
     */
    public Optional<TerminationOutcome> act(Policy policy, AccountScope account, String region, SessionVerdict v,
                                            List<AuditTrail.Entry> acted) {
        return actOn(policy, aws.ssm(account, region), new AccountRegion(account.accountId(), region), v, acted);
    }

    /** The exemption use or the termination a verdict calls for, its records added to {@code acted}. */
    private Optional<TerminationOutcome> actOn(Policy policy, SsmClient ssm, AccountRegion pair, SessionVerdict v,
                                               List<AuditTrail.Entry> acted) {
        Subject subject = Subject.session(pair.accountId(), pair.region(), v.session().sessionId(),
                v.session().target());
        v.protectedBy().ifPresent(e -> acted.add(new AuditTrail.Entry(RecordKind.EXEMPTION_USE, subject,
                exemptionUse(v, e))));
        if (v.terminate().isEmpty()) {
            return Optional.empty();
        }
        TerminationOutcome outcome = terminator.terminate(ssm, v.session().sessionId(), v.limitCrossedAt(),
                policy.dryRun());
        Map<String, Object> details = actionDetails(v.terminate().get(), outcome, v.limitCrossedAt(),
                policy.dryRun());
        details.put("tier", v.tier().name());
        details.put("principal", v.session().owner());
        details.put("manual", false);
        acted.add(new AuditTrail.Entry(RecordKind.ACTION, subject, details));
        forgetIfEnded(pair.accountId(), pair.region(), outcome);
        return Optional.of(outcome);
    }

    private static Map<String, Object> observationDetails(SessionVerdict v) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("tier", v.tier().name());
        d.put("principal", v.session().owner());
        d.put("status", v.session().status());
        d.put("startDate", v.session().startDate());
        d.put("document", v.session().documentName());
        d.put("ageSeconds", v.age().toSeconds());
        d.put("timeLeftSeconds", v.timeLeft().toSeconds());
        // Unknown idle time is said so, never guessed: only CloudWatch-logged sessions show their activity.
        d.put("idle", v.idle().map(i -> (Object) i.toSeconds()).orElse("unknown"));
        d.put("findings", SessionRecording.findingTypes(v));
        v.owner().ifPresent(o -> d.put("ownerTag", o));
        return d;
    }

    private static Map<String, Object> exemptionUse(SessionVerdict v, Exemption e) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("exemption", e.describe());
        e.ticket().ifPresent(t -> d.put("ticket", t));
        e.reason().ifPresent(r -> d.put("reason", r));
        d.put("expires", e.expires());
        d.put("tier", v.tier().name());
        d.put("principal", v.session().owner());
        d.put("spared", "termination: " + v.findings().stream().map(f -> f.type())
                .filter(t -> t == FindingType.OVER_MAX || t == FindingType.IDLE_OVER_LIMIT)
                .map(t -> t == FindingType.OVER_MAX ? "over the maximum" : "idle beyond the limit")
                .collect(Collectors.joining(" and ")) + " of tier " + v.tier().name());
        return d;
    }

    private static Map<String, Object> actionDetails(String reason, TerminationOutcome outcome,
                                                     Optional<Instant> crossedAt, boolean dryRun) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("action", "terminate");
        d.put("reason", reason);
        d.put("outcome", outcome.status().name());
        d.put("dryRun", dryRun);
        outcome.error().ifPresent(e -> d.put("error", e));
        crossedAt.ifPresent(c -> d.put("limitCrossedAt", c));
        outcome.confirmedEnd().ifPresent(c -> d.put("confirmedEndAt", c));
        outcome.timeToTerminate().ifPresent(t -> d.put("timeToTerminateMillis", t.toMillis()));
        return d;
    }

    /** A tier document's state as the trail keeps it: a finding when missing or different, an action when written. */
    private static AuditTrail.Entry tierDocumentEntry(Subject subject, TierDocument t) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("document", t.document());
        d.put("tier", t.tier());
        d.put("state", t.state().name());
        t.error().ifPresent(e -> d.put("error", e));
        RecordKind kind = switch (t.state()) {
            case MISSING, DIFFERENT -> RecordKind.FINDING;
            case CREATED, UPDATED -> RecordKind.ACTION;
            case UP_TO_DATE -> RecordKind.OBSERVATION;
            case FAILED -> RecordKind.ERROR;
        };
        if (kind == RecordKind.FINDING) {
            d.put("finding", "TIER_DOCUMENT_" + t.state().name());
        } else if (kind == RecordKind.ACTION) {
            d.put("action", "tier-document");
        }
        return new AuditTrail.Entry(kind, subject, d);
    }
}
