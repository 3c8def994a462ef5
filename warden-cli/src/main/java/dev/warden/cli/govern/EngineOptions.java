package dev.warden.cli.govern;

import dev.warden.governance.Governance;
import dev.warden.governance.alert.AlertOutcome;
import dev.warden.governance.alert.Alerter;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyException;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.store.GrantedExemptions;
import dev.warden.governance.store.StoreException;
import dev.warden.governance.trail.AuditTrail;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * What every engine command needs: the policy, the store and where AWS is. Credentials come from the SDK's
 * default chain (environment, profile, SSO, instance role), the same as the AWS CLI's.
 */
public final class EngineOptions {

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The policy file (YAML).")
    Path policyFile;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send SSM and STS calls here instead of AWS (e.g. the endpoint bin/warden sandbox prints).")
    URI endpoint;

    @Mixin
    StoreOption store;

    /** Loads the policy; a policy with problems throws {@link dev.warden.governance.policy.PolicyException}. */
    Policy policy() {
        return PolicyLoader.load(policyFile);
    }

    /** The engine, with its own store and SDK clients: close both through {@link Engine#close()}. */
    Engine open() {
        return open(outcome -> { });
    }

    /** As {@link #open()}, with every alert channel's outcome also given to {@code alertOutcomes}. */
    Engine open(Consumer<AlertOutcome> alertOutcomes) {
        GovernanceStore db = GovernanceStore.open(store.location());
        AwsAccess aws = new AwsAccess(DefaultCredentialsProvider.builder().build(), Optional.ofNullable(endpoint));
        Clock clock = Clock.systemUTC();
        // Every pass also keeps the live view of active sessions that watch mode and the dashboard read, and
        // honours the exemptions granted at runtime (the dashboard's) alongside the policy's.
        AuditTrail trail = new AuditTrail(db, clock);
        return new Engine(db, aws, new Governance(aws, trail, clock, Duration.ofSeconds(60),
                new Alerter(aws, Alerter.ATTEMPTS, Alerter.FIRST_BACKOFF, alertOutcomes),
                Optional.of(new ActiveSessions(db))).honouring(new GrantedExemptions(db, trail, clock)));
    }

    /** The engine and what it holds open. */
    record Engine(GovernanceStore store, AwsAccess aws, Governance governance) implements AutoCloseable {
        @Override
        public void close() {
            aws.close();
            store.close();
        }
    }

    /**
     * Runs a command's work on the engine: an unusable policy (its located problems) or store becomes one message
     * on stderr and exit code 1, the same for every {@code warden govern} command.
     */
    static int reportingFailures(String command, PrintWriter err, IntSupplier work) {
        try {
            return work.getAsInt();
        } catch (PolicyException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        } catch (StoreException e) {
            err.println("warden govern " + command + ": " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
