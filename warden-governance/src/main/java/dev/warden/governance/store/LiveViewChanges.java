package dev.warden.governance.store;

import dev.warden.governance.aws.SessionKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the other replicas on a PostgreSQL store at once that a session entered or left the live view, so that the
 * replica holding its account × region sets or cancels its timers without waiting for its next pass: the writer
 * {@linkplain #announce announces} the change in the transaction that writes the live view ({@code pg_notify},
 * delivered on commit), and each replica {@linkplain #listen listens} on a connection of its own
 * ({@code LISTEN}). On SQLite, one process, there is nobody to tell: nothing is sent or heard.
 */
public final class LiveViewChanges implements AutoCloseable {

    /** A session that entered ({@code started}) or left the live view. */
    public record Change(SessionKey session, boolean started) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(LiveViewChanges.class);
    private static final String CHANNEL = "warden_live_view";
    private static final int WAIT_MILLIS = 500;
    private static final Duration RECONNECT = Duration.ofSeconds(1);

    private final GovernanceStore store;
    private volatile boolean running = true;
    private Thread listener;

    public LiveViewChanges(GovernanceStore store) {
        this.store = store;
    }

    /** Announces the change within {@code h}'s transaction (PostgreSQL only): heard once it commits. */
    public void announce(Handle h, Change change) {
        if (store.dialect() != GovernanceStore.Dialect.POSTGRESQL) {
            return;
        }
        SessionKey k = change.session();
        // Tab-separated: no account, region or session id holds a tab.
        String payload = (change.started() ? "start" : "end") + "\t" + k.accountId() + "\t" + k.region() + "\t"
                + k.sessionId();
        h.createQuery("SELECT 1 FROM (SELECT pg_notify(:channel, :payload)) n").bind("channel", CHANNEL)
                .bind("payload", payload).mapTo(Integer.class).one();
    }

    /** Hands every change announced (by any replica, this one included) to {@code heard}, on a thread of its own. */
    public synchronized void listen(Consumer<Change> heard) {
        if (store.dialect() != GovernanceStore.Dialect.POSTGRESQL || listener != null) {
            return;
        }
        listener = new Thread(() -> run(heard), "warden-live-view-listener");
        listener.setDaemon(true);
        listener.start();
    }

    private void run(Consumer<Change> heard) {
        while (running) {
            try (Connection c = DriverManager.getConnection(store.postgresUrl().orElseThrow())) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notes = pg.getNotifications(WAIT_MILLIS);
                    if (notes == null) {
                        continue;
                    }
                    for (PGNotification n : notes) {
                        parse(n.getParameter()).ifPresent(change -> deliver(heard, change));
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                // Missed meanwhile: the passes still find what was announced.
                LOG.warn("Not listening to live view changes ({}); reconnecting in {}", e.getMessage(), RECONNECT);
                try {
                    Thread.sleep(RECONNECT.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private static void deliver(Consumer<Change> heard, Change change) {
        try {
            heard.accept(change);
        } catch (RuntimeException e) {
            LOG.warn("Could not act on the live view change of {}: {}", change.session(), e.toString());
        }
    }

    private static Optional<Change> parse(String payload) {
        String[] p = payload.split("\t", -1);
        if (p.length != 4) {
            return Optional.empty();
        }
        return Optional.of(new Change(new SessionKey(p[1], p[2], p[3]), p[0].equals("start")));
    }

    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = listener;
        }
        if (t != null) {
            try {
                t.join(2 * WAIT_MILLIS + 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
