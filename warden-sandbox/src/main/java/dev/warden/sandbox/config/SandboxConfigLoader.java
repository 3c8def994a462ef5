package dev.warden.sandbox.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.sandbox.auth.Principal;
import dev.warden.sandbox.auth.StoredCredentials;
import dev.warden.sandbox.events.EventTargets;
import dev.warden.sandbox.fleet.AccountRegion;
import dev.warden.sandbox.fleet.HostAndPort;
import dev.warden.sandbox.fleet.ManagedInstance;
import dev.warden.sandbox.fleet.PingStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the sandbox's YAML configuration file, applies defaults and validates every value. Every problem
 * becomes a {@link ConfigException} whose message names the file, the key path and what is allowed, e.g.
 * {@code sandbox.yaml: fleet[1].pingStatus: 'Up' is not allowed; use one of Online, ConnectionLost, Inactive}.
 */
public final class SandboxConfigLoader {

    /** The session preferences inputs and their defaults: AWS's SSM-SessionManagerRunShell document. */
    public static final Map<String, Object> DEFAULT_PREFERENCES = defaultPreferences();

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d$");
    private static final Pattern ACCOUNT = Pattern.compile("^\\d{12}$");
    private static final Pattern TOPIC_ARN = Pattern.compile("^arn:aws:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}$");
    private static final Pattern LOG_GROUP_NAME = Pattern.compile("^[\\w\\-./#]{1,512}$");
    private static final Pattern BUCKET_NAME = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    private static final Pattern QUEUE_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,80}$");
    private static final Pattern ROLE_NAME = Pattern.compile("^[\\w+=,.@-]{1,64}$");
    private static final Pattern ACCESS_KEY = Pattern.compile("^[A-Z0-9]{16,128}$");
    private static final Pattern AGENT_VERSION = Pattern.compile("^[0-9]{1,6}(\\.[0-9]{1,6}){2,3}$");
    private static final Pattern UUID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final Pattern TAG_TEXT = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
    private static final Instant REGISTERED = Instant.parse("2026-01-05T09:00:00Z");

    private final String fileName;

    private SandboxConfigLoader(String fileName) {
        this.fileName = fileName;
    }

    /** Loads and validates a YAML file. */
    public static SandboxConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage(), e);
        }
        return fromYaml(text, file.toString());
    }

    /** Validates YAML text; {@code fileName} only appears in messages. */
    public static SandboxConfig fromYaml(String yaml, String fileName) {
        SandboxConfigLoader loader = new SandboxConfigLoader(fileName);
        return loader.build(loader.parse(yaml));
    }

    private ConfigFile parse(String yaml) {
        if (yaml.isBlank()) {
            return emptyFile();
        }
        try {
            JsonNode tree = YAML.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return emptyFile(); // only comments
            }
            // Bound from the text, not the tree, so that type errors keep their line and column.
            return YAML.readValue(yaml, ConfigFile.class);
        } catch (UnrecognizedPropertyException e) {
            String path = path(e);
            String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "the top level";
            Set<String> allowed = new TreeSet<>();
            e.getKnownPropertyIds().forEach(id -> allowed.add(String.valueOf(id)));
            throw fail(path, "unknown key '" + e.getPropertyName() + "' in " + parent + "; allowed keys are "
                    + String.join(", ", allowed));
        } catch (JsonMappingException e) {
            String path = path(e);
            throw fail(path.isEmpty() ? "(top level)" : path, "has the wrong type: " + firstLine(e.getOriginalMessage())
                    + where(e.getLocation()));
        } catch (JacksonException e) {
            throw new ConfigException(fileName + ": is not valid YAML" + where(e.getLocation()) + ": "
                    + firstLine(e.getOriginalMessage()), e);
        }
    }

    private SandboxConfig build(ConfigFile f) {
        String region = matching("region", orDefault(f.region(), "us-east-1"), REGION, "a region such as us-east-1");
        String account = matching("accountId", orDefault(f.accountId(), "123456789012"), ACCOUNT, "12 digits");
        List<String> regions = regions(region, f.regions());
        List<MemberAccount> accounts = memberAccounts(account, f.accounts());
        ConfigFile.Server server = f.server() == null ? new ConfigFile.Server(null, null) : f.server();
        int port = range("server.port", orDefault(server.port(), 0), 0, 65535);
        Optional<URI> streamUrlBase = Optional.ofNullable(server.streamUrlBase()).map(this::streamUrlBase);
        ConfigFile.Auth auth = f.auth() == null ? new ConfigFile.Auth(null, null) : f.auth();
        Duration skew = duration("auth.allowedClockSkew", orDefault(auth.allowedClockSkew(), "5m"));
        if (skew.isNegative() || skew.isZero() || skew.toSeconds() < 60) {
            throw fail("auth.allowedClockSkew", "must be at least 1m (AWS allows 5m)");
        }
        int expiredStatus = orDefault(auth.expiredTokenStatus(), 400);
        if (expiredStatus != 400 && expiredStatus != 403) {
            throw fail("auth.expiredTokenStatus", "'" + expiredStatus + "' is not allowed; use 400 (as AWS JSON"
                    + " services answer) or 403");
        }
        List<StoredCredentials> credentials = credentials(f.credentials(), account);
        StsLimits sts = sts(f.sts());
        List<KmsKeyConfig> keys = kmsKeys(f.kms());
        SessionSettings session = session(f.session());
        List<ManagedInstance> fleet = fleet(f.fleet(), account, regions, accounts);
        FaultSettings faults = faults(f.faults());
        DataPlaneSettings dataPlane = dataPlane(f.dataPlane());
        ApiFaultSettings apiFaults = apiFaults(f.faults());
        SupportingResources resources = new SupportingResources(snsTopics(f.sns(), regions),
                logGroups(f.logs(), account, regions, accounts), buckets(f.s3(), account, regions, accounts),
                events(f.events()));
        return new SandboxConfig(region, regions, account, accounts, port, streamUrlBase, skew, expiredStatus,
                credentials, sts, keys, session, fleet, faults, dataPlane, apiFaults, resources);
    }

    private URI streamUrlBase(String text) {
        try {
            URI uri = new URI(text);
            boolean ws = "ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme());
            if (!ws || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty()
                    && !uri.getPath().equals("/")) || uri.getQuery() != null) {
                throw fail("server.streamUrlBase", "'" + text + "' is not allowed; use ws://host:port or"
                        + " wss://host:port without a path");
            }
            return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException e) {
            throw fail("server.streamUrlBase", "'" + text + "' is not a URI; use ws://host:port");
        }
    }

    private List<StoredCredentials> credentials(List<ConfigFile.Credential> entries, String account) {
        if (entries == null) {
            return List.of(
                    longTerm("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                            "arn:aws:iam::" + account + ":user/alice", null),
                    longTerm("AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
                            "arn:aws:iam::" + account + ":user/bob", null));
        }
        List<StoredCredentials> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = "credentials[" + i + "]";
            ConfigFile.Credential c = entries.get(i);
            if (c == null) {
                throw fail(at, "is empty; give accessKeyId, secretAccessKey and user (or arn)");
            }
            String key = matching(at + ".accessKeyId", required(at + ".accessKeyId", c.accessKeyId()), ACCESS_KEY,
                    "16-128 upper-case letters and digits, e.g. AKIAIOSFODNN7EXAMPLE");
            if (!seen.add(key)) {
                throw fail(at + ".accessKeyId", "'" + key + "' is configured twice; access key ids must be unique");
            }
            String secret = required(at + ".secretAccessKey", c.secretAccessKey());
            if ((c.user() == null) == (c.arn() == null)) {
                throw fail(at, "give exactly one of user (an IAM user name in accountId) or arn (a user, root or"
                        + " assumed-role ARN)");
            }
            String arn = c.arn() != null ? c.arn() : "arn:aws:iam::" + account + ":user/" + c.user();
            if (!Principal.isPrincipalArn(arn)) {
                throw fail(at + (c.arn() != null ? ".arn" : ".user"), "'" + arn + "' is not allowed; use an ARN like"
                        + " arn:aws:iam::123456789012:user/alice or arn:aws:sts::123456789012:assumed-role/Admin/alice");
            }
            result.add(longTerm(key, secret, arn, c.userId()));
        }
        return result;
    }

    private static StoredCredentials longTerm(String key, String secret, String arn, String userId) {
        String id = userId != null ? userId : (arn.contains(":assumed-role/") ? "AROA" : "AIDA") + stableId(arn);
        if (arn.contains(":assumed-role/") && userId == null) {
            id = id + ":" + arn.substring(arn.lastIndexOf('/') + 1);
        }
        return StoredCredentials.longTerm(key, secret, new Principal(arn, Principal.accountOf(arn), id));
    }

    private StsLimits sts(ConfigFile.Sts s) {
        if (s == null) {
            return StsLimits.AWS;
        }
        int min = range("sts.minimumDurationSeconds", orDefault(s.minimumDurationSeconds(), 900), 1, 129600);
        int max = range("sts.maximumDurationSeconds", orDefault(s.maximumDurationSeconds(), 43200), 1, 129600);
        if (min > max) {
            throw fail("sts", "minimumDurationSeconds (" + min + ") must not exceed maximumDurationSeconds (" + max + ")");
        }
        int def = orDefault(s.defaultDurationSeconds(), Math.max(min, Math.min(3600, max)));
        if (def < min || def > max) {
            throw fail("sts.defaultDurationSeconds", "'" + def + "' must lie between minimumDurationSeconds (" + min
                    + ") and maximumDurationSeconds (" + max + ")");
        }
        return new StsLimits(min, max, def);
    }

    private List<KmsKeyConfig> kmsKeys(ConfigFile.Kms kms) {
        if (kms == null || kms.keys() == null) {
            return List.of(new KmsKeyConfig("1234abcd-12ab-34cd-56ef-1234567890ab", List.of("alias/session-manager")));
        }
        List<KmsKeyConfig> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < kms.keys().size(); i++) {
            String at = "kms.keys[" + i + "]";
            ConfigFile.KmsKey k = kms.keys().get(i);
            if (k == null) {
                throw fail(at, "is empty; give keyId (a UUID) and optionally aliases");
            }
            String id = matching(at + ".keyId", required(at + ".keyId", k.keyId()), UUID,
                    "a lower-case UUID such as 1234abcd-12ab-34cd-56ef-1234567890ab");
            List<String> aliases = k.aliases() == null ? List.of() : k.aliases();
            for (int a = 0; a < aliases.size(); a++) {
                String alias = aliases.get(a);
                if (alias == null || !alias.matches("^alias/[a-zA-Z0-9/_-]+$") || alias.startsWith("alias/aws/")) {
                    throw fail(at + ".aliases[" + a + "]", "'" + alias + "' is not allowed; use alias/<name>"
                            + " (letters, digits, / _ -), not under alias/aws/");
                }
            }
            for (String name : concat(id, aliases)) {
                if (!names.add(name)) {
                    throw fail(at, "'" + name + "' is used by two keys");
                }
            }
            keys.add(new KmsKeyConfig(id, aliases));
        }
        return keys;
    }

    private SessionSettings session(ConfigFile.Session s) {
        ConfigFile.Session section = s == null ? new ConfigFile.Session(null, null, null, null) : s;
        Duration tokenLifetime = duration("session.tokenLifetime", orDefault(section.tokenLifetime(), "10m"));
        if (tokenLifetime.isZero() || tokenLifetime.isNegative()) {
            throw fail("session.tokenLifetime", "must be positive");
        }
        Duration interval = duration("session.enforcementInterval", orDefault(section.enforcementInterval(), "1s"));
        if (interval.isNegative()) {
            throw fail("session.enforcementInterval", "must not be negative (0 disables enforcement)");
        }
        Map<String, Object> preferences = new LinkedHashMap<>(DEFAULT_PREFERENCES);
        if (section.preferences() != null) {
            section.preferences().forEach((key, value) -> preferences.put(key, preference(key, value)));
        }
        Duration unit = duration("session.timeoutUnit", orDefault(section.timeoutUnit(), "1m"));
        if (unit.isNegative() || unit.isZero() || unit.compareTo(SessionSettings.MINUTE) > 0) {
            throw fail("session.timeoutUnit", "must be positive and at most 1m (the length of a timeout minute)");
        }
        return new SessionSettings(tokenLifetime, interval, preferences, unit);
    }

    private Object preference(String key, Object value) {
        String at = "session.preferences." + key;
        if (!DEFAULT_PREFERENCES.containsKey(key)) {
            throw fail("session.preferences", "unknown key '" + key + "'; allowed keys are "
                    + String.join(", ", new TreeSet<>(DEFAULT_PREFERENCES.keySet())));
        }
        Object defaultValue = DEFAULT_PREFERENCES.get(key);
        switch (key) {
            case "idleSessionTimeout" -> {
                return minutes(at, value, 1, 60, false);
            }
            case "maxSessionDuration" -> {
                return minutes(at, value, 1, 1440, true);
            }
            case "shellProfile" -> {
                if (!(value instanceof Map<?, ?> map) || !Set.of("windows", "linux").containsAll(map.keySet())) {
                    throw fail(at, "must be a map with the keys windows and linux (strings)");
                }
                Map<String, Object> profile = new LinkedHashMap<>(Map.of("windows", "", "linux", ""));
                map.forEach((k, v) -> profile.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
                return profile;
            }
            default -> {
                if (defaultValue instanceof Boolean) {
                    if (!(value instanceof Boolean)) {
                        throw fail(at, "'" + value + "' is not allowed; use true or false");
                    }
                    return value;
                }
                if (value != null && !(value instanceof String)) {
                    throw fail(at, "'" + value + "' is not allowed; use a string");
                }
                return value == null ? "" : value;
            }
        }
    }

    /** A minutes value kept as AWS keeps it: a string, "" meaning unset where that is allowed. */
    private String minutes(String at, Object value, int min, int max, boolean blankAllowed) {
        String text = value == null ? "" : String.valueOf(value).trim();
        if (text.isEmpty() && blankAllowed) {
            return "";
        }
        try {
            int minutes = Integer.parseInt(text);
            if (minutes >= min && minutes <= max) {
                return Integer.toString(minutes);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw fail(at, "'" + text + "' is not allowed; use whole minutes " + min + "-" + max
                + (blankAllowed ? " or \"\" for no limit" : ""));
    }

    private List<String> regions(String home, List<String> listed) {
        List<String> regions = new ArrayList<>(List.of(home));
        if (listed == null) {
            return regions;
        }
        for (int i = 0; i < listed.size(); i++) {
            String region = matching("regions[" + i + "]", required("regions[" + i + "]", listed.get(i)), REGION,
                    "a region such as eu-west-1");
            if (!regions.contains(region)) {
                regions.add(region);
            }
        }
        return regions;
    }

    private List<MemberAccount> memberAccounts(String home, List<ConfigFile.Account> entries) {
        if (entries == null) {
            return List.of();
        }
        List<MemberAccount> accounts = new ArrayList<>();
        Set<String> ids = new HashSet<>(Set.of(home));
        for (int i = 0; i < entries.size(); i++) {
            String at = "accounts[" + i + "]";
            ConfigFile.Account e = entries.get(i);
            if (e == null) {
                throw fail(at, "is empty; give at least accountId");
            }
            String id = matching(at + ".accountId", required(at + ".accountId", e.accountId()), ACCOUNT, "12 digits");
            if (!ids.add(id)) {
                throw fail(at + ".accountId", "'" + id + "' is the sandbox's own account or listed twice");
            }
            List<MemberAccount.Role> roles = new ArrayList<>();
            List<ConfigFile.Role> listed = e.roles() == null ? List.of() : e.roles();
            for (int r = 0; r < listed.size(); r++) {
                String roleAt = at + ".roles[" + r + "]";
                ConfigFile.Role role = listed.get(r);
                if (role == null) {
                    throw fail(roleAt, "is empty; give at least name");
                }
                String name = matching(roleAt + ".name", required(roleAt + ".name", role.name()), ROLE_NAME,
                        "a role name of letters, digits and +=,.@_- (1-64)");
                roles.add(new MemberAccount.Role(name, role.externalId()));
            }
            accounts.add(new MemberAccount(id, roles));
        }
        return accounts;
    }

    private EventTargets events(ConfigFile.Events e) {
        if (e == null) {
            return EventTargets.NONE;
        }
        String queue = e.sqsQueue() == null ? null : matching("events.sqsQueue", e.sqsQueue(), QUEUE_NAME,
                "1-80 letters, digits, hyphens and underscores");
        URI url = null;
        String header = null;
        String key = null;
        if (e.http() != null) {
            String text = required("events.http.url", e.http().url());
            try {
                url = new URI(text);
            } catch (URISyntaxException bad) {
                url = null;
            }
            if (url == null || !List.of("http", "https").contains(url.getScheme()) || url.getHost() == null) {
                throw fail("events.http.url", "'" + text + "' is not allowed; use an http:// or https:// URL");
            }
            header = e.http().headerName();
            key = e.http().headerValue();
            if ((header == null) != (key == null)) {
                throw fail("events.http", "give both headerName and headerValue (the API key), or neither");
            }
        }
        return new EventTargets(queue, url, header, key, probability("events.duplicateRate", e.duplicateRate()));
    }

    private List<String> snsTopics(ConfigFile.Sns sns, List<String> regions) {
        List<String> topics = new ArrayList<>();
        List<String> listed = sns == null || sns.topics() == null ? List.of() : sns.topics();
        for (int i = 0; i < listed.size(); i++) {
            String at = "sns.topics[" + i + "]";
            String arn = matching(at, required(at, listed.get(i)), TOPIC_ARN,
                    "a topic ARN such as arn:aws:sns:us-east-1:123456789012:warden-alerts");
            if (!regions.contains(arn.split(":")[3])) {
                throw fail(at, "'" + arn + "' is in a region the sandbox does not serve; add it to regions");
            }
            topics.add(arn);
        }
        return topics;
    }

    private List<SupportingResources.LogGroup> logGroups(ConfigFile.Logs logs, String home, List<String> regions,
                                                         List<MemberAccount> accounts) {
        List<SupportingResources.LogGroup> groups = new ArrayList<>();
        List<ConfigFile.LogGroup> listed = logs == null || logs.groups() == null ? List.of() : logs.groups();
        for (int i = 0; i < listed.size(); i++) {
            String at = "logs.groups[" + i + "]";
            ConfigFile.LogGroup g = listed.get(i);
            if (g == null) {
                throw fail(at, "is empty; give at least name");
            }
            String name = matching(at + ".name", required(at + ".name", g.name()), LOG_GROUP_NAME,
                    "1-512 letters, digits and _-./#");
            groups.add(new SupportingResources.LogGroup(
                    place(at, g.accountId(), g.region(), home, regions, accounts), name, g.kmsKeyId()));
        }
        return groups;
    }

    private List<SupportingResources.Bucket> buckets(ConfigFile.S3 s3, String home, List<String> regions,
                                                     List<MemberAccount> accounts) {
        List<SupportingResources.Bucket> buckets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<ConfigFile.Bucket> listed = s3 == null || s3.buckets() == null ? List.of() : s3.buckets();
        for (int i = 0; i < listed.size(); i++) {
            String at = "s3.buckets[" + i + "]";
            ConfigFile.Bucket b = listed.get(i);
            if (b == null) {
                throw fail(at, "is empty; give at least name");
            }
            String name = matching(at + ".name", required(at + ".name", b.name()), BUCKET_NAME,
                    "3-63 lower-case letters, digits, dots and hyphens");
            if (!names.add(name)) {
                throw fail(at + ".name", "'" + name + "' is configured twice; bucket names are global");
            }
            String encryption = b.encryption() == null || b.encryption().equals("none") ? null : b.encryption();
            if (encryption != null && !List.of("AES256", "aws:kms").contains(encryption)) {
                throw fail(at + ".encryption", "'" + encryption + "' is not allowed; use AES256, aws:kms or none");
            }
            if (b.kmsKeyId() != null && !"aws:kms".equals(encryption)) {
                throw fail(at + ".kmsKeyId", "needs encryption: aws:kms");
            }
            String versioning = b.versioning();
            if (versioning != null && !List.of("Enabled", "Suspended").contains(versioning)) {
                throw fail(at + ".versioning", "'" + versioning + "' is not allowed; use Enabled or Suspended,"
                        + " or leave it out for a bucket whose versioning was never enabled");
            }
            boolean objectLock = orDefault(b.objectLock(), false);
            if (objectLock && !"Enabled".equals(versioning)) {
                throw fail(at + ".objectLock", "needs versioning: Enabled (S3 enables both together)");
            }
            buckets.add(new SupportingResources.Bucket(place(at, b.accountId(), b.region(), home, regions, accounts),
                    name, encryption, b.kmsKeyId(), versioning, objectLock));
        }
        return buckets;
    }

    /** The account and region of a resource: the sandbox's own unless the entry names others. */
    private AccountRegion place(String at, String accountId, String region, String home, List<String> regions,
                                List<MemberAccount> accounts) {
        String account = orDefault(accountId, home);
        if (!account.equals(home) && accounts.stream().noneMatch(a -> a.accountId().equals(account))) {
            throw fail(at + ".accountId", "'" + account + "' is neither accountId nor one of accounts[].accountId");
        }
        String where = orDefault(region, regions.get(0));
        if (!regions.contains(where)) {
            throw fail(at + ".region", "'" + where + "' is not one of the sandbox's regions " + regions
                    + "; add it to regions");
        }
        return new AccountRegion(account, where);
    }

    private AccountRegion placement(String at, ConfigFile.Instance e, String home, List<String> regions,
                                    List<MemberAccount> accounts) {
        if (e.accountId() == null && e.region() == null) {
            return null;
        }
        return place(at, e.accountId(), e.region(), home, regions, accounts);
    }

    private List<ManagedInstance> fleet(List<ConfigFile.Instance> entries, String home, List<String> regions,
                                        List<MemberAccount> accounts) {
        if (entries == null) {
            return DefaultFleet.instances();
        }
        List<ManagedInstance> fleet = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = "fleet[" + i + "]";
            ConfigFile.Instance e = entries.get(i);
            if (e == null) {
                throw fail(at, "is empty; give at least instanceId");
            }
            String id = required(at + ".instanceId", e.instanceId());
            if (!ManagedInstance.INSTANCE_ID.matcher(id).matches()) {
                throw fail(at + ".instanceId", "'" + id + "' is not allowed; use i- followed by 8 or 17 letters or"
                        + " digits (i-0123456789abcdef0) or mi- followed by 17 (mi-0123456789abcdef0)");
            }
            if (!ids.add(id)) {
                throw fail(at + ".instanceId", "'" + id + "' is configured twice; instance ids must be unique");
            }
            Map<String, String> tags = new LinkedHashMap<>();
            if (e.name() != null) {
                tags.put("Name", e.name());
            }
            if (e.tags() != null) {
                e.tags().forEach((k, v) -> tags.put(tag(at + ".tags", k, v), v == null ? "" : v));
            }
            String agent = matching(at + ".agentVersion", orDefault(e.agentVersion(), "3.3.987.0"), AGENT_VERSION,
                    "a version such as 3.3.987.0");
            PingStatus ping = ping(at + ".pingStatus", orDefault(e.pingStatus(), "Online"));
            String ip = orDefault(e.ipAddress(), "10.0." + (i / 250) + "." + (10 + i % 250));
            String computer = orDefault(e.computerName(),
                    id.startsWith("mi-") ? tags.getOrDefault("Name", id) : "ip-" + ip.replace('.', '-') + ".ec2.internal");
            fleet.add(new ManagedInstance(id, tags, agent, orDefault(e.platformName(), "Amazon Linux"),
                    orDefault(e.platformVersion(), "2023"), ip, computer, ping,
                    portMappings(at + ".portMappings", e.portMappings()),
                    remoteHosts(at + ".remoteHosts", e.remoteHosts()), REGISTERED,
                    placement(at, e, home, regions, accounts)));
        }
        return fleet;
    }

    private String tag(String at, String key, String value) {
        if (key == null || key.isEmpty() || key.length() > 128 || !TAG_TEXT.matcher(key).matches()
                || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw fail(at, "tag key '" + key + "' is not allowed; use 1-128 letters, digits, spaces or _.:/=+-@,"
                    + " not starting with aws:");
        }
        if (value != null && (value.length() > 256 || !TAG_TEXT.matcher(value).matches())) {
            throw fail(at + "." + key, "tag value '" + value + "' is not allowed; use up to 256 letters, digits,"
                    + " spaces or _.:/=+-@");
        }
        return key;
    }

    private PingStatus ping(String at, String value) {
        try {
            return PingStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw fail(at, "'" + value + "' is not allowed; use one of " + Arrays.stream(PingStatus.values())
                    .map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    private Map<Integer, HostAndPort> portMappings(String at, Map<String, String> raw) {
        Map<Integer, HostAndPort> result = new LinkedHashMap<>();
        if (raw == null) {
            return result;
        }
        for (Map.Entry<String, String> e : raw.entrySet()) {
            int port;
            try {
                port = Integer.parseInt(e.getKey().trim());
            } catch (NumberFormatException ex) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw fail(at, "key '" + e.getKey() + "' is not allowed; keys are remote ports 1-65535, e.g."
                        + " 22: 127.0.0.1:2222");
            }
            result.put(port, hostAndPort(at + "." + e.getKey(), e.getValue()));
        }
        return result;
    }

    private Map<HostAndPort, HostAndPort> remoteHosts(String at, Map<String, String> raw) {
        Map<HostAndPort, HostAndPort> result = new LinkedHashMap<>();
        if (raw != null) {
            raw.forEach((remote, local) -> result.put(hostAndPort(at, remote), hostAndPort(at + "." + remote, local)));
        }
        return result;
    }

    private HostAndPort hostAndPort(String at, String text) {
        try {
            return HostAndPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw fail(at, e.getMessage() + "; use host:port with a port 1-65535, e.g. 127.0.0.1:2222");
        }
    }

    private FaultSettings faults(ConfigFile.Faults f) {
        if (f == null) {
            return FaultSettings.NONE;
        }
        Duration drop = optionalPositiveDuration("faults.dropDataChannelAfter", f.dropDataChannelAfter());
        Duration delay = duration("faults.agentReplyDelay", orDefault(f.agentReplyDelay(), "0s"));
        Duration pauseEvery = optionalPositiveDuration("faults.pausePublicationEvery", f.pausePublicationEvery());
        Duration pauseFor = duration("faults.pausePublicationFor", orDefault(f.pausePublicationFor(), "1s"));
        if (pauseFor.isNegative() || pauseFor.isZero()) {
            throw fail("faults.pausePublicationFor", "must be positive");
        }
        int maxFrames = range("faults.maxFramesPerSecond", orDefault(f.maxFramesPerSecond(), 0), 0, 1_000_000);
        return new FaultSettings(drop, orDefault(f.closeDataChannelOnCredentialExpiry(), true), delay,
                orDefault(f.rejectDataChannel(), false), probability("faults.dropFrames", f.dropFrames()),
                probability("faults.duplicateFrames", f.duplicateFrames()),
                probability("faults.reorderFrames", f.reorderFrames()), orDefault(f.seed(), 1L), pauseEvery,
                pauseFor, maxFrames);
    }

    private ApiFaultSettings apiFaults(ConfigFile.Faults f) {
        if (f == null) {
            return ApiFaultSettings.NONE;
        }
        double rate = probability("faults.throttleRate", f.throttleRate());
        List<String> operations = f.throttleOperations() == null ? List.of() : f.throttleOperations();
        for (int i = 0; i < operations.size(); i++) {
            String operation = operations.get(i);
            if (operation == null || !operation.matches("[A-Z][A-Za-z0-9]+")) {
                throw fail("faults.throttleOperations[" + i + "]", "'" + operation + "' is not an operation name;"
                        + " use names such as DescribeSessions");
            }
        }
        return new ApiFaultSettings(rate, Set.copyOf(operations), orDefault(f.seed(), 1L));
    }

    private DataPlaneSettings dataPlane(ConfigFile.DataPlane d) {
        if (d == null) {
            return DataPlaneSettings.DEFAULTS;
        }
        int dataPort = range("dataPlane.port", orDefault(d.port(), 0), 0, 65535);
        int payloadSize = range("dataPlane.payloadSize",
                orDefault(d.payloadSize(), DataPlaneSettings.DEFAULT_PAYLOAD_SIZE), 1, 65536);
        Duration shellDelay = duration("dataPlane.shellOutputDelay", orDefault(d.shellOutputDelay(), "100ms"));
        Duration handshake = duration("dataPlane.handshakeTimeout", orDefault(d.handshakeTimeout(), "15s"));
        if (handshake.isNegative() || handshake.isZero()) {
            throw fail("dataPlane.handshakeTimeout", "must be positive");
        }
        Optional<Path> logs = Optional.ofNullable(d.sessionLogDirectory()).filter(t -> !t.isBlank()).map(Path::of);
        return new DataPlaneSettings(dataPort, orDefault(d.requireSignedUpgrade(), false), payloadSize, shellDelay,
                handshake, logs);
    }

    /** A duration that may be left out (null), and must be positive when given. */
    private Duration optionalPositiveDuration(String at, String text) {
        if (text == null) {
            return null;
        }
        Duration value = duration(at, text);
        if (value.isNegative() || value.isZero()) {
            throw fail(at, "must be positive; leave it out to turn the fault off");
        }
        return value;
    }

    private double probability(String at, Double value) {
        double p = orDefault(value, 0.0);
        if (!(p >= 0 && p <= 1)) {
            throw fail(at, "'" + p + "' is not allowed; use a probability between 0 and 1");
        }
        return p;
    }

    private Duration duration(String at, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw fail(at, e.getMessage());
        }
    }

    private String matching(String at, String value, Pattern pattern, String allowed) {
        if (!pattern.matcher(value).matches()) {
            throw fail(at, "'" + value + "' is not allowed; use " + allowed);
        }
        return value;
    }

    private int range(String at, int value, int min, int max) {
        if (value < min || value > max) {
            throw fail(at, "'" + value + "' is not allowed; use " + min + "-" + max);
        }
        return value;
    }

    private String required(String at, String value) {
        if (value == null || value.isBlank()) {
            throw fail(at, "is required");
        }
        return value;
    }

    private ConfigException fail(String key, String problem) {
        return new ConfigException(fileName + ": " + key + ": " + problem);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String firstLine(String message) {
        String m = Objects.requireNonNullElse(message, "");
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static ConfigFile emptyFile() {
        return new ConfigFile(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** A short, stable, upper-case id suffix derived from an ARN (AWS ids look like AIDA + 17 characters). */
    private static String stableId(String arn) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8));
            StringBuilder s = new StringBuilder();
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            for (int i = 0; i < 17; i++) {
                s.append(alphabet.charAt((digest[i] & 0xFF) % alphabet.length()));
            }
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> defaultPreferences() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("s3BucketName", "");
        p.put("s3KeyPrefix", "");
        p.put("s3EncryptionEnabled", true);
        p.put("cloudWatchLogGroupName", "");
        p.put("cloudWatchEncryptionEnabled", true);
        p.put("cloudWatchStreamingEnabled", true);
        p.put("kmsKeyId", "");
        p.put("runAsEnabled", false);
        p.put("runAsDefaultUser", "");
        p.put("idleSessionTimeout", "20");
        p.put("maxSessionDuration", "");
        Map<String, Object> shellProfile = new LinkedHashMap<>();
        shellProfile.put("windows", "");
        shellProfile.put("linux", "");
        p.put("shellProfile", java.util.Collections.unmodifiableMap(shellProfile));
        return java.util.Collections.unmodifiableMap(p);
    }
}
