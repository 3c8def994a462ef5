package dev.warden.sandbox.sts;

import dev.warden.sandbox.auth.CredentialStore;
import dev.warden.sandbox.auth.Principal;
import dev.warden.sandbox.auth.StoredCredentials;
import dev.warden.sandbox.config.MemberAccount;
import dev.warden.sandbox.config.StsLimits;
import dev.warden.sandbox.protocol.AwsServiceException;
import dev.warden.sandbox.protocol.CallContext;
import dev.warden.sandbox.protocol.QueryOperation;
import dev.warden.sandbox.protocol.QueryService;
import dev.warden.sandbox.protocol.Xml;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STS over the query protocol: GetCallerIdentity, GetSessionToken and AssumeRole. Issued credentials live
 * in the shared credential store with their expiry. DurationSeconds is bounded by {@link StsLimits}; a
 * sandbox configured with a minimum below AWS's 900 s issues credentials that expire within seconds.
 */
public final class StsApi {

    public static final String VERSION = "2011-06-15";
    public static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private static final Pattern ROLE_ARN = Pattern.compile("^arn:aws:iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]+)$");
    private static final Pattern SESSION_NAME = Pattern.compile("^[\\w+=,.@-]*$");

    private final TemporaryCredentialsIssuer issuer;
    private final StsLimits limits;
    private final List<MemberAccount> memberAccounts;
    private final String homeAccount;

    private StsApi(CredentialStore store, StsLimits limits, List<MemberAccount> memberAccounts, String homeAccount,
                   Clock clock) {
        this.issuer = new TemporaryCredentialsIssuer(store, clock);
        this.limits = limits;
        this.memberAccounts = List.copyOf(memberAccounts);
        this.homeAccount = homeAccount;
    }

    /**
     * @param memberAccounts the accounts whose listed roles may be assumed (with their external id, if any)
     * @param homeAccount    the sandbox's own account, whose roles anyone may assume
     */
    public static QueryService create(CredentialStore store, StsLimits limits, List<MemberAccount> memberAccounts,
                                      String homeAccount, Clock clock) {
        StsApi api = new StsApi(store, limits, memberAccounts, homeAccount, clock);
        Map<String, QueryOperation> ops = new LinkedHashMap<>();
        ops.put("GetCallerIdentity", api::getCallerIdentity);
        ops.put("GetSessionToken", api::getSessionToken);
        ops.put("AssumeRole", api::assumeRole);
        return new QueryService("sts", VERSION, NAMESPACE, ops);
    }

    private String getCallerIdentity(Map<String, String> params, CallContext context) {
        Principal p = context.principal();
        return response("GetCallerIdentity", Xml.element("Arn", p.arn()) + Xml.element("UserId", p.userId())
                + Xml.element("Account", p.accountId()), context);
    }

    private String getSessionToken(Map<String, String> params, CallContext context) {
        if (context.caller().credentialsExpiryTime().isPresent()) {
            throw new AwsServiceException("AccessDenied", 403, "Cannot call GetSessionToken with session credentials",
                    "Message");
        }
        Duration lifetime = duration(params, limits.minimumDurationSeconds());
        StoredCredentials issued = issuer.issue(context.principal(), lifetime);
        return response("GetSessionToken", credentials(issued), context);
    }

    private String assumeRole(Map<String, String> params, CallContext context) {
        String roleArn = required(params, "RoleArn", "roleArn");
        String sessionName = required(params, "RoleSessionName", "roleSessionName");
        if (sessionName.length() < 2 || sessionName.length() > 64 || !SESSION_NAME.matcher(sessionName).matches()) {
            throw validation(sessionName, "roleSessionName", "Member must satisfy regular expression pattern:"
                    + " [\\w+=,.@-]* and have length between 2 and 64");
        }
        Matcher role = ROLE_ARN.matcher(roleArn);
        if (!role.matches()) {
            throw new AwsServiceException("ValidationError", 400, roleArn + " is invalid", "Message");
        }
        String account = role.group(1);
        checkTrust(account, role.group(2), params.get("ExternalId"), roleArn, context);
        Duration lifetime = duration(params, limits.minimumDurationSeconds());
        String roleId = "AROA" + stableId(roleArn);
        Principal assumed = new Principal("arn:aws:sts::" + account + ":assumed-role/" + role.group(2) + "/"
                + sessionName, account, roleId + ":" + sessionName);
        StoredCredentials issued = issuer.issue(assumed, lifetime);
        String user = "<AssumedRoleUser>" + Xml.element("AssumedRoleId", assumed.userId())
                + Xml.element("Arn", assumed.arn()) + "</AssumedRoleUser>";
        return response("AssumeRole", credentials(issued) + user, context);
    }

    /**
     * The role's trust policy, as the sandbox models it: every role of the sandbox's own account trusts everyone;
     * a member account's listed roles trust other accounts, with the external id they name; nothing else can be
     * assumed. AWS answers a refusal the same way whatever the reason, so the message does not say which.
     */
    private void checkTrust(String account, String roleName, String externalId, String roleArn, CallContext context) {
        if (account.equals(homeAccount)) {
            return;
        }
        boolean trusted = memberAccounts.stream().filter(a -> a.accountId().equals(account)).findFirst()
                .flatMap(a -> a.role(roleName))
                .filter(r -> r.externalId() == null || r.externalId().equals(externalId))
                .isPresent();
        if (!trusted) {
            throw new AwsServiceException("AccessDenied", 403, "User: " + context.principal().arn()
                    + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn, "Message");
        }
    }

    private Duration duration(Map<String, String> params, int minimum) {
        String text = params.get("DurationSeconds");
        if (text == null || text.isEmpty()) {
            return Duration.ofSeconds(limits.defaultDurationSeconds());
        }
        int seconds;
        try {
            seconds = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw validation(text, "durationSeconds", "Member must be an integer");
        }
        if (seconds < minimum) {
            throw validation(seconds, "durationSeconds", "Member must have value greater than or equal to " + minimum);
        }
        if (seconds > limits.maximumDurationSeconds()) {
            throw validation(seconds, "durationSeconds", "Member must have value less than or equal to "
                    + limits.maximumDurationSeconds());
        }
        return Duration.ofSeconds(seconds);
    }

    private static String credentials(StoredCredentials c) {
        return "<Credentials>" + Xml.element("AccessKeyId", c.accessKeyId())
                + Xml.element("SecretAccessKey", c.secretAccessKey())
                + Xml.element("SessionToken", c.sessionToken())
                + Xml.element("Expiration", DateTimeFormatter.ISO_INSTANT.format(c.expiration()))
                + "</Credentials>";
    }

    private static String response(String action, String resultBody, CallContext context) {
        return "<" + action + "Response xmlns=\"" + NAMESPACE + "\">"
                + "<" + action + "Result>" + resultBody + "</" + action + "Result>"
                + "<ResponseMetadata>" + Xml.element("RequestId", context.requestId()) + "</ResponseMetadata>"
                + "</" + action + "Response>";
    }

    private static String required(Map<String, String> params, String name, String member) {
        String value = params.get(name);
        if (value == null) {
            throw validation(null, member, "Member must not be null");
        }
        return value;
    }

    private static AwsServiceException validation(Object value, String member, String constraint) {
        String shown = value == null ? "null" : "'" + value + "'";
        return new AwsServiceException("ValidationError", 400, "1 validation error detected: Value " + shown + " at '"
                + member + "' failed to satisfy constraint: " + constraint, "Message");
    }

    private static String stableId(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 17; i++) {
                s.append(alphabet.charAt((digest[i] & 0xFF) % alphabet.length()));
            }
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
