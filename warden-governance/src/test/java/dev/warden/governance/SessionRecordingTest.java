package dev.warden.governance;

import static dev.warden.governance.testing.GovernedSandbox.SCRATCH;
import static dev.warden.governance.testing.GovernedSandbox.WEB_DEV;
import static dev.warden.governance.testing.GovernedSandbox.WEB_PROD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.kpi.KpiReport;
import dev.warden.governance.kpi.Kpis;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.testing.GovernedSandbox;
import dev.warden.governance.testing.StoreKind;
import dev.warden.governance.trail.AuditRecord;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.Payloads;
import dev.warden.governance.trail.RecordKind;
import dev.warden.sandbox.testing.SandboxFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The trail's growth: a session is recorded when it is new, when its judged state (tier, status, findings)
 * changes, and once more in each new ISO week or quarter, so that passes that see nothing new add only their
 * pair-level observation, and the KPIs are those of recording every pass.
 */
class SessionRecordingTest {

    @TempDir
    Path dir;

    private final SandboxFixture sandbox = GovernedSandbox.start();
    private final AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(SandboxFixture.ALICE),
            Optional.of(sandbox.endpoint()));
    /** The engine's clock: the sandbox's, moved ahead by {@link #shift} (the sandbox only accepts 2 days). */
    private Duration shift = Duration.ZERO;
    private final Clock engineClock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return sandbox.clock().instant().plus(shift);
        }
    };

    @AfterEach
    void stop() {
        aws.close();
        sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void onlyNewOrChangedSessionsAreRecordedAndTheKpisStayThoseOfEveryPass(StoreKind kind) {
        String prod;
        String dev;
        String scratch;
        try (SsmClient ssm = sandbox.ssm()) {
            prod = ssm.startSession(r -> r.target(WEB_PROD)).sessionId();
            dev = ssm.startSession(r -> r.target(WEB_DEV)).sessionId();
            scratch = ssm.startSession(r -> r.target(SCRATCH)).sessionId();
        }
        try (GovernanceStore store = kind.open(dir)) {
            AuditTrail trail = new AuditTrail(store, engineClock);
            Governance governance = new Governance(aws, trail, engineClock, Duration.ofSeconds(30));

            governance.review(policy(480));
            assertThat(sessionObservations(trail)).hasSize(3);
            long findings = trail.records(RecordKind.FINDING, Instant.EPOCH, far()).size();

            sandbox.clock().advance(Duration.ofMinutes(1));
            governance.review(policy(480));
            assertThat(sessionObservations(trail)).as("nothing changed").hasSize(3);
            assertThat(trail.records(RecordKind.FINDING, Instant.EPOCH, far())).hasSize((int) findings);
            assertThat(pairObservations(trail)).hasSize(2).last()
                    .satisfies(r -> assertThat(Payloads.decode(r.payload()).get("sessionsRecorded").asInt())
                            .isZero());

            // A stricter dev maximum puts only the dev session over it: only it is recorded again.
            sandbox.clock().advance(Duration.ofMinutes(2));
            governance.review(policy(2));
            assertThat(sessionObservations(trail)).hasSize(4).last()
                    .satisfies(r -> {
                        assertThat(r.subject().sessionId()).isEqualTo(dev);
                        assertThat(Payloads.decode(r.payload()).get("findings").toString()).contains("OVER_MAX");
                    });

            // Late on a Sunday (UTC), then early on the Monday after: the same over-maximum sessions are
            // recorded once more in the new ISO week, and not again within it.
            Instant now = sandbox.clock().instant();
            Instant sunday = now.atZone(ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.SUNDAY))
                    .truncatedTo(ChronoUnit.DAYS).plusHours(22).toInstant();
            shift = Duration.between(now, sunday);
            governance.review(policy(2));
            int sundayCount = sessionObservations(trail).size();
            boolean samePeriods = Kpis.week(now).equals(Kpis.week(sunday))
                    && Kpis.quarter(now).equals(Kpis.quarter(sunday));
            assertThat(sundayCount).as("prod and scratch newly over their maximum; dev again in a new period")
                    .isEqualTo(samePeriods ? 6 : 7);
            shift = shift.plusMinutes(30);
            governance.review(policy(2));
            assertThat(sessionObservations(trail)).hasSize(sundayCount);
            shift = shift.plusHours(2);
            governance.review(policy(2));
            assertThat(sessionObservations(trail)).hasSize(sundayCount + 3);
            shift = shift.plusMinutes(30);
            governance.review(policy(2));
            assertThat(sessionObservations(trail)).hasSize(sundayCount + 3);

            KpiReport kpis = Kpis.compute(trail, Instant.EPOCH, far());
            String week1 = Kpis.week(sunday);
            String week2 = Kpis.week(sunday.plus(Duration.ofHours(3)));
            // The dev session went over in the first week already (the same ISO week as the Sunday, or the one
            // before it): it counts once per week either way.
            assertThat(kpis.overMaxPerWeekAndTier()).containsExactlyInAnyOrderElementsOf(Stream.of(
                    new KpiReport.WeekTierCount(Kpis.week(now), "dev", 1),
                    new KpiReport.WeekTierCount(week1, "dev", 1),
                    new KpiReport.WeekTierCount(week1, "prod", 1),
                    new KpiReport.WeekTierCount(week1, "untagged", 1),
                    new KpiReport.WeekTierCount(week2, "dev", 1),
                    new KpiReport.WeekTierCount(week2, "prod", 1),
                    new KpiReport.WeekTierCount(week2, "untagged", 1)).distinct().toList());
            assertThat(sessionObservations(trail)).extracting(r -> r.subject().sessionId())
                    .containsOnly(prod, dev, scratch);
            assertThat(trail.verify().intact()).isTrue();
        }
    }

    private static List<AuditRecord> sessionObservations(AuditTrail trail) {
        return trail.records(RecordKind.OBSERVATION, Instant.EPOCH, far()).stream()
                .filter(r -> r.subject().sessionId() != null).toList();
    }

    private static List<AuditRecord> pairObservations(AuditTrail trail) {
        return trail.records(RecordKind.OBSERVATION, Instant.EPOCH, far()).stream()
                .filter(r -> r.subject().sessionId() == null).toList();
    }

    private static Policy policy(int devMax) {
        return PolicyLoader.parse("""
                scope: {accounts: [{id: "123456789012"}], regions: [us-east-1]}
                dryRun: true
                tiers:
                  - {name: prod, match: {Environment: prod}, idleMinutes: 15, maxMinutes: 60}
                  - {name: dev, match: {Environment: dev}, idleMinutes: 1, maxMinutes: %d}
                defaultTier: {name: untagged, idleMinutes: 20, maxMinutes: 120}
                """.formatted(devMax), "recording-policy.yaml");
    }

    private static Instant far() {
        return Instant.parse("2100-01-01T00:00:00Z");
    }
}
