package dev.warden.sandbox.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Another account of the organisation, reached as AWS Organizations users reach member accounts: by assuming
 * one of its roles from the sandbox's own account with STS AssumeRole.
 *
 * @param accountId the 12-digit account
 * @param roles     the roles principals of other accounts may assume (their trust policy allows it)
 */
public record MemberAccount(String accountId, List<Role> roles) {

    public MemberAccount {
        Objects.requireNonNull(accountId, "accountId");
        roles = List.copyOf(roles);
    }

    /** The role named {@code name}, if this account lets others assume it. */
    public Optional<Role> role(String name) {
        return roles.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /**
     * An assumable role.
     *
     * @param name       the role name, as in {@code arn:aws:iam::<account>:role/<name>}
     * @param externalId the external id its trust policy requires (the {@code sts:ExternalId} condition); null
     *                   when none is required
     */
    public record Role(String name, String externalId) {

        public Role {
            Objects.requireNonNull(name, "name");
        }
    }
}
