package dev.warden.bench.governance;

import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.policy.AccountScope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's estate: the sandbox's own account and {@code accounts − 1} member accounts (each with the role
 * Warden assumes), {@code regions} regions, and {@code instancesPerPair} managed instances in every account ×
 * region, the first {@code prodShare} of each pair's instances tagged {@code Environment: prod}, the rest dev.
 * With {@code cloudWatch}, every pair's preferences send sessions to a log group of that pair, so that the engine
 * can read each session's last activity (idle detection).
 */
record GovernedFleet(int accounts, int regions, int instancesPerPair, double prodShare, boolean cloudWatch) {

    /** The log group every session writes to when {@code cloudWatch}: one per account × region. */
    static final String LOG_GROUP = "/aws/ssm/sessions";

    static final String OWN_ACCOUNT = "123456789012";
    static final String ROLE = "WardenGovernance";
    private static final List<String> REGION_NAMES = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "eu-west-1", "eu-west-2", "eu-central-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1");

    GovernedFleet {
        if (regions < 1 || regions > REGION_NAMES.size()) {
            throw new IllegalArgumentException("regions must be 1-" + REGION_NAMES.size());
        }
    }

    List<String> accountIds() {
        List<String> ids = new ArrayList<>();
        ids.add(OWN_ACCOUNT);
        for (int i = 1; i < accounts; i++) {
            ids.add(String.format("2000000000%02d", i));
        }
        return ids;
    }

    List<String> regionNames() {
        return REGION_NAMES.subList(0, regions);
    }

    /** Instance ids of one pair, unique across the estate (as the sandbox requires). */
    List<String> instances(int accountIndex, int regionIndex) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < instancesPerPair; i++) {
            long n = ((long) accountIndex * regions + regionIndex) * instancesPerPair + i;
            ids.add(String.format("i-%017x", n + 1));
        }
        return ids;
    }

    boolean isProd(int instanceIndexInPair) {
        return instanceIndexInPair < Math.round(prodShare * instancesPerPair);
    }

    /** The sandbox's configuration: every account, region and instance; its own enforcement off. */
    String sandboxYaml() {
        StringBuilder y = new StringBuilder();
        y.append("region: us-east-1\nregions: [").append(String.join(", ", regionNames())).append("]\n");
        y.append("accountId: \"").append(OWN_ACCOUNT).append("\"\naccounts:\n");
        for (String id : accountIds().subList(1, accounts)) {
            y.append("  - accountId: \"").append(id).append("\"\n    roles: [{name: ").append(ROLE).append("}]\n");
        }
        // Sessions are aged by moving the clock: signatures may be that far off, role credentials must outlive it,
        // and only Warden ends sessions.
        y.append("auth: {allowedClockSkew: 2d}\nsts: {defaultDurationSeconds: 43200}\n");
        y.append("session: {enforcementInterval: 0s");
        if (cloudWatch) {
            y.append(", preferences: {cloudWatchLogGroupName: ").append(LOG_GROUP).append("}");
        }
        y.append("}\n");
        List<String> accountIds = accountIds();
        if (cloudWatch) {
            y.append("logs:\n  groups:\n");
            for (String account : accountIds) {
                for (String region : regionNames()) {
                    y.append("    - {name: ").append(LOG_GROUP).append(", accountId: \"").append(account)
                            .append("\", region: ").append(region).append("}\n");
                }
            }
        }
        y.append("fleet:\n");
        for (int a = 0; a < accounts; a++) {
            for (int r = 0; r < regions; r++) {
                List<String> ids = instances(a, r);
                for (int i = 0; i < ids.size(); i++) {
                    y.append("  - {instanceId: ").append(ids.get(i)).append(", name: host-").append(ids.get(i))
                            .append(", tags: {Environment: ").append(isProd(i) ? "prod" : "dev")
                            .append(", Owner: team-").append(i % 7).append("}, accountId: \"")
                            .append(accountIds.get(a)).append("\", region: ").append(regionNames().get(r))
                            .append("}\n");
                }
            }
        }
        return y.toString();
    }

    /** The governance policy over the whole estate. */
    String policyYaml() {
        StringBuilder y = new StringBuilder("scope:\n  accounts:\n");
        y.append("    - {id: \"").append(OWN_ACCOUNT).append("\"}\n");
        for (String id : accountIds().subList(1, accounts)) {
            y.append("    - {id: \"").append(id).append("\", role: ").append(ROLE).append("}\n");
        }
        y.append("  regions: [").append(String.join(", ", regionNames())).append("]\n");
        y.append("""
                tiers:
                  - {name: prod, match: {Environment: prod}, idleMinutes: 15, maxMinutes: 60}
                  - {name: dev, match: {Environment: dev}, idleMinutes: 60, maxMinutes: 480}
                defaultTier: {name: untagged, idleMinutes: 20, maxMinutes: 120}
                """);
        return y.toString();
    }

    /**
     * StartSession for every session, spread evenly over the pairs and their instances, in parallel.
     *
     * @return how many of them are on prod instances
     */
    int openSessions(AwsAccess aws, List<AccountScope> accounts, int sessions, int threads) throws Exception {
        List<String> regions = regionNames();
        int pairs = accounts.size() * regions.size();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int prod = 0;
        try {
            List<Future<?>> started = new ArrayList<>();
            for (int k = 0; k < sessions; k++) {
                int pair = k % pairs;
                int a = pair / regions.size();
                int r = pair % regions.size();
                int index = (k / pairs) % instancesPerPair;
                String target = instances(a, r).get(index);
                prod += isProd(index) ? 1 : 0;
                started.add(pool.submit(() -> aws.ssm(accounts.get(a), regions.get(r))
                        .startSession(s -> s.target(target))));
            }
            for (Future<?> f : started) {
                f.get();
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        return prod;
    }
}
