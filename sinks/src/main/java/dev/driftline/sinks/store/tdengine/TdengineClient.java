package dev.driftline.sinks.store.tdengine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JDBC connection to TDengine, opened on first use and again after any failure (a failed statement may have left
 * the connection broken; a fresh one is cheap next to a retry's backoff). Each time it connects it first runs the
 * schema's DDL ({@link TdengineSchema#ddl}, all {@code IF NOT EXISTS}), so the database and super tables exist before
 * the first insert even on a fresh server or after they were dropped.
 *
 * <p>The DDL is best effort: a failure is logged and the statement is tried anyway. A user without the right to
 * create databases can then still write into one created by an administrator, and a conflict between writers creating
 * the schema at the same moment only costs the loser one failed insert, after which it reconnects and runs the DDL
 * again.
 *
 * <p>Every exception leaving {@link #execute} is a {@link Secrets.Scrubbed} copy: no password or secret property
 * appears in its messages.
 */
final class TdengineClient implements StatementRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TdengineClient.class);
    private final TdengineConnector connector;
    private Connection connection;
    private Secrets secrets = Secrets.none();

    TdengineClient(TdengineConnector connector) {
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    @Override
    public void execute(String sql) throws Secrets.Scrubbed {
        try {
            if (connection == null) {
                connect();
            }
            run(connection, sql);
        } catch (Exception e) {
            Secrets.Scrubbed scrubbed = secrets.scrub(e);
            close();
            throw scrubbed;
        }
    }

    @Override
    public String queryOne(String sql) throws Secrets.Scrubbed {
        try {
            if (connection == null) {
                connect();
            }
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (Exception e) {
            Secrets.Scrubbed scrubbed = secrets.scrub(e);
            close();
            throw scrubbed;
        }
    }

    private void connect() throws SQLException {
        TdengineConnector.Opened opened = connector.open();
        connection = opened.connection();
        secrets = opened.secrets();
        for (String ddl : TdengineSchema.ddl(connector.database())) {
            try {
                run(connection, ddl);
            } catch (SQLException e) {
                LOG.warn("Could not create the TDengine schema at {} ({}); writing anyway: {}", connector.safeUrl(),
                        ddl.substring(0, ddl.indexOf(" (") > 0 ? ddl.indexOf(" (") : ddl.length()),
                        secrets.scrub(e).getMessage());
            }
        }
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    boolean isConnected() {
        return connection != null;
    }

    @Override
    public void close() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // The connection is being dropped because it failed or the writer closes; nothing to recover.
            }
        }
    }

    @Override
    public String toString() {
        return "TdengineClient{" + connector + ", connected=" + isConnected() + "}";
    }
}
