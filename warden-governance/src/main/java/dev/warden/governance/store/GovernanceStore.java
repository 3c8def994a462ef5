package dev.warden.governance.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The governance database: SQLite (a file, no set-up, one writer) or PostgreSQL (a
 * JDBC URL, pooled by Hikari, for teams). Opening it applies the one set of Flyway migrations both share.
 */
public final class GovernanceStore implements AutoCloseable {

    /** The two databases: what each can do beyond the portable subset both share. */
    public enum Dialect {
        SQLITE,
        POSTGRESQL;

        /**
         * The clause that makes a SELECT lock the rows it returns and pass over rows another transaction holds:
         * PostgreSQL's {@code FOR UPDATE SKIP LOCKED}; nothing on SQLite, whose one writer at a time needs none.
         */
        public String lockRowsSkipLocked() {
            return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        }
    }

    private final Jdbi jdbi;
    private final AutoCloseable pool;
    private final String description;
    private final Dialect dialect;
    /** PostgreSQL's URL, for a connection outside the pool (a LISTEN); never printed. */
    private final Optional<String> postgresUrl;

    private GovernanceStore(DataSource dataSource, AutoCloseable pool, String description, Dialect dialect,
                            Optional<String> postgresUrl) {
        this.pool = pool;
        this.postgresUrl = postgresUrl;
        this.description = description;
        this.dialect = dialect;
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (FlywayException e) {
            close();
            throw new StoreException("cannot prepare the governance store " + description + ": " + e.getMessage(), e);
        }
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * Opens {@code location}: a {@code jdbc:postgresql:} URL, a {@code jdbc:sqlite:} URL, or the path of a SQLite
     * file (created when missing).
     */
    public static GovernanceStore open(String location) {
        if (location.startsWith("jdbc:postgresql:")) {
            return postgres(location);
        }
        if (location.startsWith("jdbc:sqlite:")) {
            return sqlite(location, "SQLite " + location.substring("jdbc:sqlite:".length()));
        }
        if (location.startsWith("jdbc:")) {
            throw new StoreException("unsupported store URL (use jdbc:postgresql:…, jdbc:sqlite:… or a file path): "
                    + location.substring(0, location.indexOf(':', 5) + 1) + "…");
        }
        Path file = Path.of(location).toAbsolutePath();
        Path parent = file.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new StoreException("cannot create the SQLite store " + location + ": the directory " + parent
                    + " does not exist");
        }
        return sqlite("jdbc:sqlite:" + file, "SQLite " + location);
    }

    private static GovernanceStore sqlite(String url, String description) {
        SQLiteConfig config = new SQLiteConfig();
        // Another process appending at the same moment waits instead of failing at once.
        config.setBusyTimeout(10_000);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // A transaction takes the write lock when it begins, waiting for it like any write: a deferred one that
        // reads first (the trail's head) and then writes fails at once (SQLITE_BUSY, no wait) when another
        // connection wrote in between, which watch's concurrent event and timer threads make common.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url);
        // A few connections kept open, rather than a new one (the file opened, the pragmas set) for every read.
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(dataSource);
        pool.setMaximumPoolSize(4);
        pool.setPoolName("warden-governance-sqlite");
        HikariDataSource connection;
        try {
            connection = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the " + description + ": " + rootMessage(e), e);
        }
        return new GovernanceStore(connection, connection, description, Dialect.SQLITE, Optional.empty());
    }

    private static GovernanceStore postgres(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setPoolName("warden-governance");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            // The URL may carry a password: name the host part only.
            throw new StoreException("cannot connect to the PostgreSQL store " + hostOf(url) + ": "
                    + rootMessage(e), e);
        }
        return new GovernanceStore(dataSource, dataSource, "PostgreSQL " + hostOf(url), Dialect.POSTGRESQL,
                Optional.of(url));
    }

    private static String hostOf(String url) {
        String rest = url.substring("jdbc:postgresql:".length());
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The PostgreSQL store's JDBC URL (it may hold a password: never print it); empty on SQLite. */
    Optional<String> postgresUrl() {
        return postgresUrl;
    }

    /** {@code SQLite governance.db} or {@code PostgreSQL //host:5432/db}: never credentials. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            pool.close();
        } catch (Exception e) {
            throw new StoreException("cannot close the governance store " + description, e);
        }
    }
}
