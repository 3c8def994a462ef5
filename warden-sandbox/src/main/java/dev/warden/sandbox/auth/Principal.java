package dev.warden.sandbox.auth;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who made a request: the caller identity STS GetCallerIdentity reports and SSM records as a session's
 * Owner.
 *
 * @param arn       the caller ARN, e.g. {@code arn:aws:iam::123456789012:user/alice} or
 *                  {@code arn:aws:sts::123456789012:assumed-role/Admin/alice}
 * @param accountId the 12-digit account
 * @param userId    the unique id AWS reports ({@code AIDA…} for users, {@code AROA…:<session>} for roles)
 */
public record Principal(String arn, String accountId, String userId) {

    private static final Pattern ARN = Pattern.compile(
            "^arn:aws:(iam|sts)::(\\d{12}):(root|user/(?:[^/]+/)*([^/]+)|assumed-role/([^/]+)/([^/]+))$");

    public Principal {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(userId, "userId");
        if (!ARN.matcher(arn).matches()) {
            throw new IllegalArgumentException("not an IAM user, root or assumed-role ARN: " + arn);
        }
    }

    /** True when {@code arn} is a principal ARN this sandbox understands (user, root, assumed role). */
    public static boolean isPrincipalArn(String arn) {
        return arn != null && ARN.matcher(arn).matches();
    }

    /** The account id inside a principal ARN. */
    public static String accountOf(String arn) {
        Matcher m = matcher(arn);
        return m.group(2);
    }

    /**
     * The name AWS puts in front of session ids: the user name for IAM users, the role-session name
     * for assumed roles, {@code root} for the account root.
     */
    public String name() {
        Matcher m = matcher(arn);
        if (m.group(4) != null) {
            return m.group(4);
        }
        if (m.group(6) != null) {
            return m.group(6);
        }
        return "root";
    }

    /** True for temporary role identities ({@code assumed-role/…}). */
    public boolean isAssumedRole() {
        return matcher(arn).group(5) != null;
    }

    private static Matcher matcher(String arn) {
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a principal ARN: " + arn);
        }
        return m;
    }
}
