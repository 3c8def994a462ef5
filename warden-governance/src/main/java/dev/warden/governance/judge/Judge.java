package dev.warden.governance.judge;

import dev.warden.governance.aws.Observation;
import dev.warden.governance.aws.ObservedSession;
import dev.warden.governance.policy.Exemption;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges an observation against a policy: a pure function of the policy, the observation and the instant it is
 * given. No I/O and no clock, so every rule is testable in microseconds.
 *
 * <p>Rules: a session over its tier's maximum, or idle for its tier's idle limit or longer (where its activity is
 * known), is terminated unless an active exemption covers it (then the exemption's use is what happens); a session covered only by expired exemptions is terminated once over its
 * maximum, its limit counted from the later of the maximum and the expiry. Weaker documents and untagged
 * targets are findings only: terminating every session of a weak document would end sessions that are within
 * the tier's limits.
 */
public final class Judge {

    private Judge() {
    }

    public static List<SessionVerdict> judge(Policy policy, Observation observation, Instant now) {
        List<SessionVerdict> verdicts = new ArrayList<>(observation.sessions().size());
        for (ObservedSession s : observation.sessions()) {
            Map<String, String> tags = observation.targetTags().getOrDefault(s.target(), Map.of());
            verdicts.add(judge(policy, s, tags, Optional.ofNullable(observation.lastActivity().get(s.sessionId())),
                    now));
        }
        return verdicts;
    }

    static SessionVerdict judge(Policy policy, ObservedSession s, Map<String, String> tags, Instant now) {
        return judge(policy, s, tags, Optional.empty(), now);
    }

    /** @param lastActivity the session's last data-channel activity, empty when it cannot be known */
    static SessionVerdict judge(Policy policy, ObservedSession s, Map<String, String> tags,
                                Optional<Instant> lastActivity, Instant now) {
        Tier tier = policy.tierFor(tags);
        Duration age = Duration.between(s.startDate(), now);
        Duration timeLeft = tier.max().minus(age);
        Instant maxAt = s.startDate().plus(tier.max());
        List<Finding> findings = new ArrayList<>();

        if (policy.tierDecidingTags().stream().noneMatch(tags::containsKey)) {
            findings.add(new Finding(FindingType.UNTAGGED_TARGET, "one of the tags " + policy.tierDecidingTags(),
                    tags.isEmpty() ? "no tags" : "tags " + tags.keySet()));
        }
        if (s.documentMax().isEmpty() || s.documentMax().get().compareTo(tier.max()) > 0) {
            findings.add(new Finding(FindingType.WEAKER_DOCUMENT,
                    "maxSessionDuration <= " + tier.max().toMinutes() + " (tier " + tier.name() + ")",
                    s.documentName() + " " + s.documentMax().map(d -> "maxSessionDuration " + d.toMinutes())
                            .orElse("sets no maxSessionDuration")));
        }

        List<Exemption> covering = policy.exemptions().stream().filter(e -> e.covers(s.owner(), s.target())).toList();
        Optional<Exemption> active = covering.stream().filter(e -> e.isActiveAt(now))
                .max(Comparator.comparing(Exemption::expires));
        Optional<Exemption> expired = covering.stream().filter(e -> !e.isActiveAt(now))
                .max(Comparator.comparing(Exemption::expires));
        if (active.isEmpty() && expired.isPresent()) {
            findings.add(new Finding(FindingType.EXEMPTION_EXPIRED, "an active exemption",
                    expired.get().describe()));
        }

        Optional<Instant> crossedAt = Optional.empty();
        Optional<Exemption> protectedBy = Optional.empty();
        List<String> reasons = new ArrayList<>();
        if (now.isBefore(maxAt) && timeLeft.compareTo(policy.warningLead()) <= 0) {
            findings.add(new Finding(FindingType.NEAR_MAX, "a warning " + policy.warningLead().toMinutes()
                    + " minutes before the maximum of tier " + tier.name(), timeLeft.toSeconds() + " s left"));
        }
        List<Instant> crossings = new ArrayList<>();
        if (!now.isBefore(maxAt)) {
            findings.add(new Finding(FindingType.OVER_MAX, "at most " + tier.max().toMinutes() + " minutes (tier "
                    + tier.name() + ")", "running " + age.toMinutes() + " minutes"));
            crossings.add(maxAt);
            reasons.add("over the maximum of tier " + tier.name() + " (" + tier.max().toMinutes()
                    + " min): running " + age.toMinutes() + " min");
        }
        Optional<Duration> idle = lastActivity.map(last -> last.isAfter(now) ? Duration.ZERO
                : Duration.between(last, now));
        if (idle.isPresent() && idle.get().compareTo(tier.idle()) >= 0) {
            findings.add(new Finding(FindingType.IDLE_OVER_LIMIT, "idle at most " + tier.idle().toMinutes()
                    + " minutes (tier " + tier.name() + ")", "idle " + idle.get().toMinutes() + " minutes"));
            crossings.add(lastActivity.get().plus(tier.idle()));
            reasons.add("idle beyond the limit of tier " + tier.name() + " (" + tier.idle().toMinutes()
                    + " min): idle " + idle.get().toMinutes() + " min");
        }
        Optional<String> terminate = Optional.empty();
        if (!crossings.isEmpty()) {
            if (active.isPresent()) {
                protectedBy = active;
            } else {
                // The first limit it broke; an expired exemption moves that moment to its expiry at the earliest.
                Instant first = crossings.stream().min(Comparator.naturalOrder()).orElseThrow();
                Instant crossing = expired.map(e -> e.expires().isAfter(first) ? e.expires() : first).orElse(first);
                crossedAt = Optional.of(crossing);
                terminate = Optional.of(String.join("; ", reasons)
                        + expired.map(e -> "; " + e.describe() + " expired").orElse(""));
            }
        }
        Optional<String> owner = Optional.ofNullable(tags.get(policy.ownerTag()));
        return new SessionVerdict(s, tier, owner, age, timeLeft, idle, findings, terminate, crossedAt, protectedBy);
    }
}
