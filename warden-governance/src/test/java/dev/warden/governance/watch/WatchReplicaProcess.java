package dev.warden.governance.watch;

import dev.warden.governance.Governance;
import dev.warden.governance.alert.Alerter;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.metrics.WatchMetrics;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.sandbox.testing.SandboxFixture;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A watch replica as its own process, for {@link WatchReplicasTest}: the engine as {@code warden govern watch}
 * builds it on a PostgreSQL store (the live view kept by its passes, the pairs shared on leases), against the
 * sandbox of the test's process. It prints {@code watching} once started and runs until killed.
 *
 * <p>Arguments: store location, sandbox endpoint, policy file, lease period (ms), pass interval (ms).
 */
public final class WatchReplicaProcess {

    private WatchReplicaProcess() {
    }

    public static void main(String[] args) throws Exception {
        String location = args[0];
        URI endpoint = URI.create(args[1]);
        Policy policy = PolicyLoader.parse(Files.readString(Path.of(args[2])), args[2]);
        Duration period = Duration.ofMillis(Long.parseLong(args[3]));
        Duration passInterval = Duration.ofMillis(Long.parseLong(args[4]));

        Clock clock = Clock.systemUTC();
        GovernanceStore store = GovernanceStore.open(location);
        AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(SandboxFixture.ALICE), Optional.of(endpoint));
        WatchMetrics metrics = new WatchMetrics(policy);
        Governance governance = new Governance(aws, new AuditTrail(store, clock), clock, Duration.ofSeconds(30),
                new Alerter(aws, 2, Duration.ofMillis(10), metrics::alertOutcome),
                Optional.of(new ActiveSessions(store)));
        SessionWatch watch = new SessionWatch(governance, aws, store, policy, clock,
                new WatchSettings(passInterval, 4, Optional.of(period)), metrics);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watch.close();
            store.close();
        }));
        watch.start();
        System.out.println("watching");
        Thread.currentThread().join();
    }
}
