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
    private SqlStoreSchema() {}

    /** Every statement {@link #ensure} may run, in order, for a database with or without TimescaleDB. */
    public static List<String> statements(SqlDialect dialect, boolean timescale) {
        List<String> out = new ArrayList<>();
        for (SqlTable t : SqlTables.ALL) {
            out.add(dialect.createTable(t));
            out.addAll(dialect.createIndexes(t));
        }
        if (timescale) {
            out.addAll(dialect.hypertableStatements());
        }
        return out;
    }

    /** Creates what is missing. The connection's auto-commit setting is restored. */
    public static void ensure(Connection c, SqlDialect dialect) throws SQLException {
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
                for (String sql : statements(dialect, dialect.timescaleInstalled(c))) {
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
