package dev.warden.governance.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated governance policy. Build it with {@link PolicyLoader}.
 *
 * @param scope       accounts and regions
 * @param tiers       tag-chosen tiers, in order: the first that matches a target wins
 * @param defaultTier the tier of targets no tier matches
 * @param exemptions  break-glass exemptions
 * @param dryRun      when true, nothing is terminated or changed; decisions are recorded as such
 * @param warningLead how long before a session's limit a warning is due
 * @param ownerTag    the target tag that names its owner (shown in reviews)
 * @param alerts      where alerts go
 */
public record Policy(Scope scope, List<Tier> tiers, Tier defaultTier, List<Exemption> exemptions, boolean dryRun,
                     Duration warningLead, String ownerTag, Alerts alerts) {

    public Policy {
        tiers = List.copyOf(tiers);
        exemptions = List.copyOf(exemptions);
    }

    /** The tier of a target with these tags: the first matching tier, else the default. */
    public Tier tierFor(Map<String, String> tags) {
        return tiers.stream().filter(t -> t.matches(tags)).findFirst().orElse(defaultTier);
    }

    /**
     * The tag keys that decide a tier. A target carrying none of them falls to the default tier by omission,
     * not by decision: an ownership gap.
     */
    public Set<String> tierDecidingTags() {
        Set<String> keys = new LinkedHashSet<>();
        tiers.forEach(t -> keys.addAll(t.match().keySet()));
        return keys;
    }

    /** The scope's account of this id; empty when the policy does not govern it. */
    public Optional<AccountScope> account(String accountId) {
        return scope.accounts().stream().filter(a -> a.accountId().equals(accountId)).findFirst();
    }

    /** A copy narrowed to one account × region (a pass or a preference audit of that pair only). */
    public Policy narrowedTo(AccountScope account, String region) {
        return new Policy(new Scope(List.of(account), List.of(region)), tiers, defaultTier, exemptions, dryRun,
                warningLead, ownerTag, alerts);
    }

    /** A copy that also honours {@code more} (exemptions granted at runtime), after the policy's own. */
    public Policy withAddedExemptions(List<Exemption> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Exemption> all = new ArrayList<>(exemptions);
        all.addAll(more);
        return new Policy(scope, tiers, defaultTier, all, dryRun, warningLead, ownerTag, alerts);
    }

    /** A copy with a different dry-run setting (the command line's {@code --dry-run}). */
    public Policy withDryRun(boolean value) {
        return new Policy(scope, tiers, defaultTier, exemptions, value, warningLead, ownerTag, alerts);
    }
}
