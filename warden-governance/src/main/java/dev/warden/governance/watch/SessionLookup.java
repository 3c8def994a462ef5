package dev.warden.governance.watch;

import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.aws.LogActivityReader;
import dev.warden.governance.aws.Observation;
import dev.warden.governance.aws.SessionKey;
import dev.warden.governance.aws.SessionObserver;
import dev.warden.governance.judge.Judge;
import dev.warden.governance.judge.SessionVerdict;
import dev.warden.governance.policy.AccountScope;
import dev.warden.governance.policy.Policy;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * One session as it is now, judged, for an event that names it or a timer that fires: DescribeSessions by its id
 * and its target's tags, and for an idle check also its last activity in CloudWatch Logs (the session's document or
 * the preferences name the log group; its stream's last event is the activity), exactly as a pass reads them.
 */
final class SessionLookup {

    private final AwsAccess aws;
    private final Policy policy;
    private final SessionObserver observer;
    private final Clock clock;
    private final LogActivityReader activity = new LogActivityReader();

    SessionLookup(AwsAccess aws, Policy policy, SessionObserver observer, Clock clock) {
        this.aws = aws;
        this.policy = policy;
        this.observer = observer;
        this.clock = clock;
    }

    /** The session's verdict, if it is still active (empty: it ended). */
    List<SessionVerdict> judge(AccountScope account, SessionKey key, boolean withActivity) {
        SsmClient ssm = aws.ssm(account, key.region());
        Observation observation = observer.observeSession(key.pair(), ssm, key.sessionId());
        if (withActivity && !observation.sessions().isEmpty()) {
            observation = observation.withActivity(activity.read(ssm, aws.logs(account, key.region()),
                    observation.sessions(), observation.observedAt(), LogActivityReader.horizon(policy)));
        }
        return Judge.judge(policy, observation, clock.instant());
    }
}
