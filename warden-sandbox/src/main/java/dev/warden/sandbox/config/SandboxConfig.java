package dev.warden.sandbox.config;

import dev.warden.sandbox.auth.StoredCredentials;
import dev.warden.sandbox.fleet.AccountRegion;
import dev.warden.sandbox.fleet.ManagedInstance;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the sandbox is configured with, validated and with defaults applied. Build it with
 * {@link SandboxConfigLoader} (from YAML) or {@link #defaults()}.
 *
 * @param region             the sandbox's own region: of its KMS keys and of instances placed nowhere else
 * @param regions            every region the sandbox answers for (credential scopes must name one), own first
 * @param accountId          the account of the default principals, documents and keys
 * @param accounts           the member accounts, reached by assuming their roles
 * @param port               the control-plane port on 127.0.0.1; 0 picks a free one
 * @param streamUrlBase      base of issued StreamUrls, e.g. {@code ws://127.0.0.1:8444}; empty means the
 *                           control plane's own address
 * @param allowedClockSkew   how far X-Amz-Date may be from the server clock
 * @param expiredTokenStatus HTTP status of ExpiredTokenException on JSON services (400 as AWS, or 403)
 * @param credentials        the access keys accepted from the start
 * @param sts                DurationSeconds bounds
 * @param kmsKeys            the emulated KMS keys
 * @param session            session behaviour and the initial preferences
 * @param fleet              the emulated instances
 * @param faults             fault injection for the data plane
 * @param apiFaults          fault injection for the control plane (throttling)
 * @param resources          SNS topics, log groups and buckets
 * @param dataPlane          the websocket endpoint and the emulated agents
 */
public record SandboxConfig(String region, List<String> regions, String accountId, List<MemberAccount> accounts,
                            int port, Optional<URI> streamUrlBase,
                            Duration allowedClockSkew, int expiredTokenStatus, List<StoredCredentials> credentials,
                            StsLimits sts, List<KmsKeyConfig> kmsKeys, SessionSettings session,
                            List<ManagedInstance> fleet, FaultSettings faults, DataPlaneSettings dataPlane,
                            ApiFaultSettings apiFaults, SupportingResources resources) {

    public SandboxConfig {
        regions = List.copyOf(regions);
        accounts = List.copyOf(accounts);
        credentials = List.copyOf(credentials);
        kmsKeys = List.copyOf(kmsKeys);
        fleet = List.copyOf(fleet);
        faults = faults == null ? FaultSettings.NONE : faults;
        dataPlane = dataPlane == null ? DataPlaneSettings.DEFAULTS : dataPlane;
        apiFaults = apiFaults == null ? ApiFaultSettings.NONE : apiFaults;
        resources = resources == null ? SupportingResources.NONE : resources;
    }

    /** The sandbox's own account and region. */
    public AccountRegion home() {
        return new AccountRegion(accountId, region);
    }

    /** The member account {@code id}, if configured. */
    public Optional<MemberAccount> memberAccount(String id) {
        return accounts.stream().filter(a -> a.accountId().equals(id)).findFirst();
    }

    /** The configuration an empty YAML file gives: default fleet, credentials, keys and preferences. */
    public static SandboxConfig defaults() {
        return SandboxConfigLoader.fromYaml("", "defaults");
    }

    public SandboxConfig withPort(int newPort) {
        return new SandboxConfig(region, regions, accountId, accounts,
                newPort, streamUrlBase, allowedClockSkew, expiredTokenStatus,
                credentials, sts, kmsKeys, session, fleet, faults, dataPlane, apiFaults, resources);
    }

    public SandboxConfig withSts(StsLimits limits) {
        return new SandboxConfig(region, regions, accountId, accounts,
                port, streamUrlBase, allowedClockSkew, expiredTokenStatus,
                credentials, limits, kmsKeys, session, fleet, faults, dataPlane, apiFaults, resources);
    }

    public SandboxConfig withExpiredTokenStatus(int status) {
        return new SandboxConfig(region, regions, accountId, accounts,
                port, streamUrlBase, allowedClockSkew, status,
                credentials, sts, kmsKeys, session, fleet, faults, dataPlane, apiFaults, resources);
    }

    public SandboxConfig withSession(SessionSettings settings) {
        return new SandboxConfig(region, regions, accountId, accounts,
                port, streamUrlBase, allowedClockSkew, expiredTokenStatus,
                credentials, sts, kmsKeys, settings, fleet, faults, dataPlane, apiFaults, resources);
    }

    public SandboxConfig withFaults(FaultSettings settings) {
        return new SandboxConfig(region, regions, accountId, accounts,
                port, streamUrlBase, allowedClockSkew, expiredTokenStatus,
                credentials, sts, kmsKeys, session, fleet, settings, dataPlane, apiFaults, resources);
    }

    public SandboxConfig withApiFaults(ApiFaultSettings settings) {
        return new SandboxConfig(region, regions, accountId, accounts,
                port, streamUrlBase, allowedClockSkew, expiredTokenStatus,
                credentials, sts, kmsKeys, session, fleet, faults, dataPlane, settings, resources);
    }

    public SandboxConfig withResources(SupportingResources value) {
        return new SandboxConfig(region, regions, accountId, accounts,
                port, streamUrlBase, allowedClockSkew, expiredTokenStatus,
                credentials, sts, kmsKeys, session, fleet, faults, dataPlane, apiFaults, value);
    }

    public SandboxConfig withDataPlane(DataPlaneSettings settings) {
        return new SandboxConfig(region, regions, accountId, accounts,
                port, streamUrlBase, allowedClockSkew, expiredTokenStatus,
                credentials, sts, kmsKeys, session, fleet, faults, settings, apiFaults, resources);
    }

    public SandboxConfig withFleet(List<ManagedInstance> instances) {
        return new SandboxConfig(region, regions, accountId, accounts,
                port, streamUrlBase, allowedClockSkew, expiredTokenStatus,
                credentials, sts, kmsKeys, session, instances, faults, dataPlane, apiFaults, resources);
    }
}
