package dev.warden.governance.watch;

import dev.warden.governance.Governance;
import dev.warden.governance.policy.Policy;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watch's alerts (warnings, terminations), sent on their own thread: a slow or failing webhook (retried with
 * backoff by the alerter) never delays a timer, an event or a pass. An alert that still fails is logged.
 */
final class WatchAlerts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchAlerts.class);

    private final Governance governance;
    private final Policy policy;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "warden-watch-alerts");
        t.setDaemon(true);
        return t;
    });

    WatchAlerts(Governance governance, Policy policy) {
        this.governance = governance;
        this.policy = policy;
    }

    void send(String subject, String line) {
        send(subject, line, () -> { });
    }

    /** Sends the alert in the background; {@code afterSending} runs only once it was sent. */
    void send(String subject, String line, Runnable afterSending) {
        sender.execute(() -> {
            try {
                governance.alert(policy, subject, List.of(line));
                afterSending.run();
            } catch (RuntimeException e) {
                LOG.warn("Could not send the alert '{}': {}", subject, e.toString());
            }
        });
    }

    /** Sends the alerts already queued (for at most 30 s), then stops. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
