package dev.driftline.sinks.store.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the tables of the SQL stores when they are missing: the four time-series tables, {@code model_endpoints},
 * their indexes and — on PostgreSQL with TimescaleDB installed — the hypertables. Idempotent, and safe when several
 * writers start together: the statements run under a schema lock (MySQL {@code GET_LOCK}, PostgreSQL a
 * transaction-scoped advisory lock). Existing tables are left as they are (no migration).
 */
public final class SqlStoreSchema {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SqlStoreSchema.class);
    private SqlStoreSchema() {}

    /** Every statement {@link #ensure} may run, in order, for a database with or without TimescaleDB. */
    public static List<String> statements(SqlDialect dialect, boolean timescale) {
        return statements(dialect, timescale, null);
    }

    /** The same, the tables created with {@code collation} (null: the dialect's default). */
    static List<String> statements(SqlDialect dialect, boolean timescale, String collation) {
        List<String> out = new ArrayList<>();
        for (SqlTable t : SqlTables.ALL) {
            out.add(dialect.createTable(t, collation));
            out.addAll(dialect.createIndexes(t));
        }
        if (timescale) {
            out.addAll(dialect.hypertableStatements());
        }
        return out;
    }

    /**
     * Creates what is missing. A role that may only read and write rows (a database administrator created the
     * tables) cannot run the statements even when nothing is missing; then, if every table exists, writing goes on, with
     * a warning (indexes a later version adds are then the administrator's to create). The connection's auto-commit
     * setting is restored.
     */
    public static void ensure(Connection c, SqlDialect dialect) throws SQLException {
        try {
            create(c, dialect);
        } catch (SQLException e) {
            if (StoreConnector.unreachable(e)) {
                throw e;
            }
            List<String> missing = missingTables(c);
            if (!missing.isEmpty()) {
                throw e;
            }
            LOG.warn("Could not run the store's schema statements ({}); every table exists, so writing goes on."
                    + " Indexes of later versions are created only by a role that may create them.", e.getMessage());
        }
    }

    /** The tables {@code c} cannot select from, for whatever reason (the caller then reports its own failure). */
    static List<String> missingTables(Connection c) {
        List<String> missing = new ArrayList<>();
        for (SqlTable t : SqlTables.ALL) {
            try (Statement st = c.createStatement()) {
                st.executeQuery("SELECT 1 FROM " + t.name() + " WHERE 1 = 0").close();
            } catch (SQLException e) {
                missing.add(t.name());
            }
        }
        return missing;
    }

    private static void create(Connection c, SqlDialect dialect) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        // PostgreSQL DDL is transactional: one transaction holds the advisory lock until everything exists.
        // MySQL commits each DDL statement implicitly; its lock belongs to the session instead.
        boolean transaction = dialect == SqlDialect.POSTGRESQL;
        if (transaction && autoCommit) {
            c.setAutoCommit(false);
        }
        boolean locked = false;
        try {
            dialect.lockSchema(c);
            locked = true;
            try (Statement st = c.createStatement()) {
                for (String sql : statements(dialect, dialect.timescaleInstalled(c), dialect.tableCollation(c))) {
                    st.execute(sql);
                }
            }
            if (transaction) {
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            if (transaction) {
                rollbackQuietly(c, e);
            }
            throw e;
        } finally {
            // Quietly: a failure here (a connection that just broke) must not hide the one that matters; a lock
            // still held is released when the session ends.
            try {
                if (locked && !transaction) {
                    dialect.unlockSchema(c);
                }
                if (transaction && autoCommit) {
                    c.setAutoCommit(true);
                }
            } catch (SQLException ignored) {
                // see above
            }
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }
}
