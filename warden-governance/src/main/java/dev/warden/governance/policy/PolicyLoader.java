package dev.warden.governance.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy file and validates all of it: every problem is reported with its file, line, column and key
 * path (see docs/governance.md for the format). Nothing half-valid is ever returned.
 */
public final class PolicyLoader {

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/[\\w+=,.@/-]{1,512}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern KMS_KEY = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|alias/[\\w/-]{1,250}|mrk-[0-9a-f]{32}"
                    + "|arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key|alias)/[\\w/-]+");
    private static final Pattern RUN_AS = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
    private static final Pattern SNS_TOPIC = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[\\w-]{1,256}");

    private static final Set<String> ROOT_KEYS = ordered("scope", "tiers", "defaultTier", "exemptions", "dryRun",
            "warningLeadMinutes", "ownerTag", "alerts");
    private static final Set<String> SCOPE_KEYS = ordered("accounts", "regions");
    private static final Set<String> ACCOUNT_KEYS = ordered("id", "role", "externalId");
    private static final Set<String> TIER_KEYS = ordered("name", "match", "idleMinutes", "maxMinutes", "s3Logging",
            "cloudWatchLogging", "kmsKey", "runAs");
    private static final Set<String> DEFAULT_TIER_KEYS = ordered("name", "idleMinutes", "maxMinutes", "s3Logging",
            "cloudWatchLogging", "kmsKey", "runAs");
    private static final Set<String> LOGGING_KEYS = ordered("required", "encrypted");
    private static final Set<String> EXEMPTION_KEYS = ordered("principal", "target", "reason", "ticket", "expires");
    private static final Set<String> ALERT_KEYS = ordered("webhook", "snsTopics");

    private PolicyLoader() {
    }

    /** Loads {@code file}; a file that cannot be read is one problem without a line. */
    public static Policy load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyException(List.of(new PolicyProblem(file.toString(), 0, 0, "",
                    "cannot read the policy file: " + e.getMessage())));
        }
        return parse(text, file.toString());
    }

    /** Parses policy YAML; {@code fileName} is only used in problems. */
    public static Policy parse(String yaml, String fileName) {
        LocatedYaml located;
        try {
            located = LocatedYaml.parse(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new PolicyException(List.of(new PolicyProblem(fileName, at == null ? 1 : at.getLineNr(),
                    at == null ? 1 : at.getColumnNr(), "", "not valid YAML: " + e.getOriginalMessage())));
        }
        Problems problems = new Problems(fileName, located);
        located.duplicateKeys().forEach(pointer -> problems.add(displayOf(pointer),
                "appears twice in the same mapping; only one is allowed"));
        Optional<Policy> policy = new Reader(problems).policy(located.root());
        if (!problems.isEmpty() || policy.isEmpty()) {
            throw new PolicyException(problems.list());
        }
        return policy.get();
    }

    private static NodePath displayOf(String pointer) {
        NodePath path = NodePath.ROOT;
        for (String part : pointer.substring(1).split("/")) {
            String name = part.replace("~1", "/").replace("~0", "~");
            path = name.matches("\\d+") ? path.index(Integer.parseInt(name)) : path.key(name);
        }
        return path;
    }

    private static Set<String> ordered(String... keys) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
    }

    /** One read of one document; every method reports into {@link #problems} and returns what it could read. */
    private static final class Reader {

        private final Problems problems;

        Reader(Problems problems) {
            this.problems = problems;
        }

        Optional<Policy> policy(JsonNode root) {
            if (root.isMissingNode() || root.isNull()) {
                problems.add(NodePath.ROOT, "the policy is empty; it needs at least scope and defaultTier");
                return Optional.empty();
            }
            Optional<PolicyFields> fields = PolicyFields.mapping(root, NodePath.ROOT, problems, ROOT_KEYS);
            if (fields.isEmpty()) {
                return Optional.empty();
            }
            PolicyFields f = fields.get();
            Optional<Scope> scope = f.has("scope") ? scope(f.raw("scope"), f.path().key("scope"))
                    : required(f, "scope", "accounts and regions");
            List<Tier> tiers = f.list("tiers", false, (n, p) -> tier(n, p, false));
            uniqueTierNames(f.raw("tiers"), f.path().key("tiers"));
            Optional<Tier> defaultTier = f.has("defaultTier")
                    ? tier(f.raw("defaultTier"), f.path().key("defaultTier"), true)
                    : required(f, "defaultTier", "the limits of targets no tier matches");
            List<Exemption> exemptions = f.list("exemptions", false, this::exemption);
            Optional<Boolean> dryRun = f.bool("dryRun", false);
            Optional<Integer> lead = f.has("warningLeadMinutes")
                    ? f.integer("warningLeadMinutes", false, 0, 1440, "minutes") : Optional.of(5);
            Optional<String> ownerTag = f.has("ownerTag") ? f.string("ownerTag", false) : Optional.of("Owner");
            Optional<Alerts> alerts = f.has("alerts") ? alerts(f.raw("alerts"), f.path().key("alerts"))
                    : Optional.of(Alerts.NONE);
            if (scope.isEmpty() || defaultTier.isEmpty() || dryRun.isEmpty() || lead.isEmpty()
                    || ownerTag.isEmpty() || alerts.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Policy(scope.get(), tiers, defaultTier.get(), exemptions, dryRun.get(),
                    Duration.ofMinutes(lead.get()), ownerTag.get(), alerts.get()));
        }

        private <T> Optional<T> required(PolicyFields f, String key, String what) {
            f.problem(key, "is required (" + what + ")");
            return Optional.empty();
        }

        private Optional<Scope> scope(JsonNode node, NodePath path) {
            return PolicyFields.mapping(node, path, problems, SCOPE_KEYS).flatMap(f -> {
                List<AccountScope> accounts = f.list("accounts", true, this::account);
                List<String> regions = f.list("regions", true, this::region);
                unique(f, "accounts", accounts.stream().map(AccountScope::accountId).toList(), "account");
                unique(f, "regions", regions, "region");
                return Optional.of(new Scope(accounts, regions));
            });
        }

        private Optional<AccountScope> account(JsonNode node, NodePath path) {
            return PolicyFields.mapping(node, path, problems, ACCOUNT_KEYS).flatMap(f -> {
                Optional<String> id = f.matching("id", true, ACCOUNT, "an account id (12 digits; quote it)");
                Optional<String> role = f.string("role", false);
                Optional<String> roleArn = role.flatMap(r -> roleArn(f, r, id));
                Optional<String> externalId = f.matching("externalId", false, EXTERNAL_ID,
                        "an external id (2-1224 characters of letters, digits and +=,.@:/-)");
                if (externalId.isPresent() && role.isEmpty()) {
                    f.problem("externalId", "needs a role: the external id is presented when assuming it");
                }
                if (id.isEmpty() || (role.isPresent() && roleArn.isEmpty())) {
                    return Optional.empty();
                }
                return Optional.of(new AccountScope(id.get(), roleArn, externalId));
            });
        }

        /** A role name becomes the ARN in the account; an ARN must be in the account it is listed under. */
        private Optional<String> roleArn(PolicyFields f, String role, Optional<String> accountId) {
            var arn = ROLE_ARN.matcher(role);
            if (arn.matches()) {
                if (accountId.isEmpty() || arn.group(1).equals(accountId.get())) {
                    return Optional.of(role);
                }
                f.problem("role", "the role ARN is in account " + arn.group(1) + ", not " + accountId.get());
            } else if (ROLE_NAME.matcher(role).matches()) {
                return accountId.map(id -> "arn:aws:iam::" + id + ":role/" + role);
            } else {
                f.problem("role", "'" + role + "' is neither a role name nor a role ARN "
                        + "(arn:aws:iam::<account>:role/<name>)");
            }
            return Optional.empty();
        }

        private Optional<String> region(JsonNode node, NodePath path) {
            if (node == null || !node.isTextual() || !REGION.matcher(node.asText()).matches()) {
                problems.add(path, "must be a region such as us-east-1" + PolicyFields.found(node));
                return Optional.empty();
            }
            return Optional.of(node.asText());
        }

        private Optional<Tier> tier(JsonNode node, NodePath path, boolean isDefault) {
            return PolicyFields.mapping(node, path, problems, isDefault ? DEFAULT_TIER_KEYS : TIER_KEYS).flatMap(f -> {
                Optional<String> name = isDefault && !f.has("name") ? Optional.of("default")
                        : f.string("name", true);
                Optional<Map<String, List<String>>> match = isDefault ? Optional.of(Map.of()) : match(f);
                Optional<Integer> idle = f.integer("idleMinutes", true, 1, 60, "minutes");
                Optional<Integer> max = f.integer("maxMinutes", true, 1, 1440, "minutes");
                if (idle.isPresent() && max.isPresent() && idle.get() > max.get()) {
                    f.problem("idleMinutes", "must not exceed maxMinutes (" + max.get() + "): the session would "
                            + "always reach its maximum first");
                }
                Optional<LoggingRequirement> s3 = logging(f, "s3Logging");
                Optional<LoggingRequirement> cloudWatch = logging(f, "cloudWatchLogging");
                Optional<String> kmsKey = f.matching("kmsKey", false, KMS_KEY,
                        "a KMS key id, alias/<name>, or key/alias ARN");
                Optional<String> runAs = f.matching("runAs", false, RUN_AS,
                        "an operating-system user name (lower case, at most 32 characters)");
                if (name.isEmpty() || match.isEmpty() || idle.isEmpty() || max.isEmpty() || s3.isEmpty()
                        || cloudWatch.isEmpty() || (f.has("kmsKey") && kmsKey.isEmpty())
                        || (f.has("runAs") && runAs.isEmpty())) {
                    return Optional.empty();
                }
                return Optional.of(new Tier(name.get(), match.get(), Duration.ofMinutes(idle.get()),
                        Duration.ofMinutes(max.get()), s3.get(), cloudWatch.get(), kmsKey, runAs));
            });
        }

        /** {@code match: {Environment: prod}} or {@code {Environment: [prod, production]}}. */
        private Optional<Map<String, List<String>>> match(PolicyFields f) {
            if (!f.has("match")) {
                f.problem("match", "is required (the tags that choose this tier, e.g. {Environment: prod})");
                return Optional.empty();
            }
            JsonNode node = f.raw("match");
            NodePath path = f.path().key("match");
            if (!node.isObject() || node.isEmpty()) {
                problems.add(path, "must map at least one tag key to a value or a list of values"
                        + PolicyFields.found(node));
                return Optional.empty();
            }
            Map<String, List<String>> match = new LinkedHashMap<>();
            boolean ok = true;
            for (var entry : node.properties()) {
                JsonNode value = entry.getValue();
                List<String> values = new ArrayList<>();
                if (value.isValueNode() && !value.isNull() && !value.asText().isEmpty()) {
                    values.add(value.asText());
                } else if (value.isArray() && !value.isEmpty()) {
                    value.forEach(v -> values.add(v.isValueNode() ? v.asText() : ""));
                }
                if (values.isEmpty() || values.contains("")) {
                    problems.add(path.key(entry.getKey()), "must be a tag value or a non-empty list of tag values"
                            + PolicyFields.found(value));
                    ok = false;
                }
                match.put(entry.getKey(), values);
            }
            return ok ? Optional.of(match) : Optional.empty();
        }

        private Optional<LoggingRequirement> logging(PolicyFields tier, String key) {
            if (!tier.has(key)) {
                return Optional.of(LoggingRequirement.NONE);
            }
            return PolicyFields.mapping(tier.raw(key), tier.path().key(key), problems, LOGGING_KEYS).flatMap(f -> {
                Optional<Boolean> required = f.bool("required", false);
                Optional<Boolean> encrypted = f.bool("encrypted", false);
                if (required.isEmpty() || encrypted.isEmpty()) {
                    return Optional.empty();
                }
                if (encrypted.get() && !required.get()) {
                    f.problem("encrypted", "needs required: true (an encryption requirement on logging that is "
                            + "not required would never be checked)");
                    return Optional.empty();
                }
                return Optional.of(new LoggingRequirement(required.get(), encrypted.get()));
            });
        }

        private Optional<Exemption> exemption(JsonNode node, NodePath path) {
            return PolicyFields.mapping(node, path, problems, EXEMPTION_KEYS).flatMap(f -> {
                Optional<String> principal = f.string("principal", false);
                Optional<String> target = f.string("target", false);
                Optional<String> reason = f.string("reason", false);
                Optional<String> ticket = f.string("ticket", false);
                if (!f.has("principal") && !f.has("target")) {
                    problems.add(path, "an exemption names a principal pattern, a target, or both");
                }
                if (!f.has("reason") && !f.has("ticket")) {
                    problems.add(path, "an exemption needs a reason or a ticket, so that its use can be justified");
                }
                Optional<Instant> expires = f.string("expires", true).flatMap(text -> instant(f, text));
                if (expires.isEmpty() || (principal.isEmpty() && target.isEmpty())
                        || (reason.isEmpty() && ticket.isEmpty())) {
                    return Optional.empty();
                }
                return Optional.of(new Exemption(principal, target, reason, ticket, expires.get()));
            });
        }

        private Optional<Instant> instant(PolicyFields f, String text) {
            try {
                return Optional.of(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException e) {
                try {
                    return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
                } catch (DateTimeParseException e2) {
                    f.problem("expires", "'" + text + "' is not a date-time such as 2026-12-31T18:00:00Z "
                            + "(or a date, meaning its midnight UTC)");
                    return Optional.empty();
                }
            }
        }

        private Optional<Alerts> alerts(JsonNode node, NodePath path) {
            return PolicyFields.mapping(node, path, problems, ALERT_KEYS).flatMap(f -> {
                Optional<URI> webhook = f.string("webhook", false).flatMap(text -> url(f, text));
                List<String> topics = f.list("snsTopics", false, (n, p) -> {
                    if (n == null || !n.isTextual() || !SNS_TOPIC.matcher(n.asText()).matches()) {
                        problems.add(p, "must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)"
                                + PolicyFields.found(n));
                        return Optional.empty();
                    }
                    return Optional.of(n.asText());
                });
                if (f.has("webhook") && webhook.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Alerts(webhook, topics));
            });
        }

        private Optional<URI> url(PolicyFields f, String text) {
            try {
                URI uri = new URI(text);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return Optional.of(uri);
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            // The URL itself is not echoed: Slack-style webhook URLs carry their secret.
            f.problem("webhook", "must be an http:// or https:// URL with a host");
            return Optional.empty();
        }

        /** Read from the raw list, so that a tier with other problems still counts. */
        private void uniqueTierNames(JsonNode tiers, NodePath path) {
            if (tiers == null || !tiers.isArray()) {
                return;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < tiers.size(); i++) {
                JsonNode name = tiers.get(i).path("name");
                if (name.isTextual() && !seen.add(name.asText())) {
                    problems.add(path.index(i).key("name"), "the tier name '" + name.asText()
                            + "' is already used by an earlier tier");
                }
            }
        }

        private void unique(PolicyFields f, String key, List<String> values, String what) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < values.size(); i++) {
                if (!seen.add(values.get(i))) {
                    f.problem(key, "the " + what + " '" + values.get(i) + "' appears more than once");
                }
            }
        }
    }
}
