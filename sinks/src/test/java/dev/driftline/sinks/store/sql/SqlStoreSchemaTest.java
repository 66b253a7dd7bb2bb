package dev.driftline.sinks.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.sinks.notify.SecretResolver;
import dev.driftline.sinks.store.StoreSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Schema creation on real MariaDB and PostgreSQL servers. */
@Timeout(120)
class SqlStoreSchemaTest {
    static final SecretResolver NO_SECRETS = new SecretResolver(Map.of());

    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void createsTheTablesAndCanRunAgain(SqlDialect dialect) throws Exception {
        StoreSettings store = EmbeddedDatabases.newStore(dialect);
        try (Connection c = StoreConnector.open(store, NO_SECRETS)) {
            SqlStoreSchema.ensure(c, dialect);
            SqlStoreSchema.ensure(c, dialect); // idempotent
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(tables(c, dialect)).containsExactlyInAnyOrder(
                    "app_results", "metrics", "predictions", "errors", "model_endpoints");
            // The test servers have no TimescaleDB: plain tables, and nothing asked for hypertables.
            assertThat(dialect.timescaleInstalled(c)).isFalse();
        }
    }

    /**
     * A role that may read and write rows but not create anything: on tables an administrator created it writes, with a
     * warning; on a database without them it fails, saying why.
     */
    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void aRoleWithoutTheRightToCreateWritesIntoTablesThatExist(SqlDialect dialect) throws Exception {
        StoreSettings store = EmbeddedDatabases.newStore(dialect);
        StoreSettings empty = EmbeddedDatabases.newStore(dialect);
        try (Connection admin = StoreConnector.open(store, NO_SECRETS)) {
            SqlStoreSchema.ensure(admin, dialect);
        }
        StoreSettings writer = EmbeddedDatabases.asRowWriter(dialect, store);
        try (Connection c = StoreConnector.open(writer, EmbeddedDatabases.ROW_WRITER_SECRETS)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE not_allowed (x INT)");
                }
            }).as("the role may not create tables").isInstanceOf(SQLException.class);
            SqlStoreSchema.ensure(c, dialect);
            assertThat(c.getAutoCommit()).isTrue();
            try (java.sql.Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("INSERT INTO metrics (project, endpoint_id, application_name, metric_name,"
                        + " start_infer_time, end_infer_time, metric_value) VALUES ('p', 'e', 'a', 'm',"
                        + " '2026-01-01 00:00:00', '2026-01-01 00:01:00', 1.5)")).isEqualTo(1);
            }
        }
        StoreSettings writerOfEmpty = EmbeddedDatabases.asRowWriter(dialect, empty);
        try (Connection c = StoreConnector.open(writerOfEmpty, EmbeddedDatabases.ROW_WRITER_SECRETS)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SqlStoreSchema.ensure(c, dialect))
                    .isInstanceOf(SQLException.class);
        }
    }

    /**
     * Ids are compared exactly on both servers: differing in case or only in trailing spaces, they are different
     * keys (MySQL's and MariaDB's {@code utf8mb4_bin} pads, so 'ep' and 'ep ' would be one row there).
     */
    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void idsThatDifferOnlyInCaseOrTrailingSpacesAreDifferentKeys(SqlDialect dialect) throws Exception {
        StoreSettings store = EmbeddedDatabases.newStore(dialect);
        try (Connection c = StoreConnector.open(store, NO_SECRETS)) {
            SqlStoreSchema.ensure(c, dialect);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO metrics (project, endpoint_id,"
                    + " application_name, metric_name, start_infer_time, end_infer_time, metric_value)"
                    + " VALUES ('p', ?, 'a', 'm', '2026-01-01 00:00:00', '2026-01-01 00:01:00', ?)")) {
                String[] ids = {"ep", "ep ", "ep  ", "EP"};
                for (int i = 0; i < ids.length; i++) {
                    ps.setString(1, ids[i]);
                    ps.setDouble(2, i);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
            }
            List<String> back = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT endpoint_id FROM metrics WHERE endpoint_id = ?")) {
                ps.setString(1, "ep ");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        back.add(rs.getString(1));
                    }
                }
            }
            assertThat(back).containsExactly("ep ");
            if (dialect == SqlDialect.MYSQL) {
                try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_COLLATION FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'model_endpoints'");
                     ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("utf8mb4_nopad_bin"); // the test server is MariaDB
                }
            }
        }
    }

    /** MySQL's lock names have at most 64 characters; a database name may have 64 of its own. */
    @org.junit.jupiter.api.Test
    void aLongDatabaseNameOnMySqlAndAUrlWithoutOne() throws Exception {
        StoreSettings store = EmbeddedDatabases.newStore(SqlDialect.MYSQL);
        String longName = ("dl_long_" + ProcessHandle.current().pid() + "_" + "x".repeat(64)).substring(0, 64);
        try (Connection admin = EmbeddedDatabases.connect(store); java.sql.Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + longName + " CHARACTER SET utf8mb4");
        }
        StoreSettings longStore = EmbeddedDatabases.copy(store);
        longStore.url = store.url.replaceFirst("/dl_[^/?]*", "/" + longName);
        try (Connection c = StoreConnector.open(longStore, NO_SECRETS)) {
            SqlStoreSchema.ensure(c, SqlDialect.MYSQL);
            assertThat(tables(c, SqlDialect.MYSQL)).contains("metrics", "model_endpoints");
        }

        StoreSettings noDatabase = EmbeddedDatabases.copy(store);
        noDatabase.url = store.url.replaceFirst("/dl_[^/?]*", "/");
        try (Connection c = StoreConnector.open(noDatabase, NO_SECRETS)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SqlStoreSchema.ensure(c, SqlDialect.MYSQL))
                    .hasMessageContaining("names no database");
        }
    }

    /** Writers of one job start together: each creates the schema on its first connection. */
    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void writersStartingTogetherAllSucceed(SqlDialect dialect) throws Exception {
        StoreSettings store = EmbeddedDatabases.newStore(dialect);
        int writers = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Callable<Void> writer = () -> {
                    try (Connection c = StoreConnector.open(store, NO_SECRETS)) {
                        start.await();
                        SqlStoreSchema.ensure(c, dialect);
                    }
                    return null;
                };
                done.add(pool.submit(writer));
            }
            start.countDown();
            for (Future<Void> f : done) {
                f.get(); // rethrows a writer's failure
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = StoreConnector.open(store, NO_SECRETS)) {
            assertThat(tables(c, dialect)).hasSize(5);
        }
    }

    /** Instants keep their milliseconds, in UTC whatever the session's time zone. */
    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void timestampsKeepMilliseconds(SqlDialect dialect) throws Exception {
        StoreSettings store = EmbeddedDatabases.newStore(dialect);
        long t = 1_767_603_600_123L; // 2026-01-05T09:00:00.123Z
        try (Connection c = StoreConnector.open(store, NO_SECRETS)) {
            SqlStoreSchema.ensure(c, dialect);
            try (PreparedStatement ps = c.prepareStatement(dialect.upsert(SqlTables.ERRORS))) {
                SqlValues.bindRow(ps, SqlTables.ERRORS, dialect, new Object[] {t, "boom", "p", "ep", "ValueError"});
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT time FROM errors");
                 ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(dialect.readTime(rs, "time")).isEqualTo(t);
            }
        }
    }

    static List<String> tables(Connection c, SqlDialect dialect) throws SQLException {
        String sql = dialect == SqlDialect.MYSQL
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'";
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }
}
