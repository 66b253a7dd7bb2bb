package dev.driftline.sinks.store.sql;

import dev.driftline.sinks.notify.SecretResolver;
import dev.driftline.sinks.store.StoreRedaction;
import dev.driftline.sinks.store.StoreSettings;
import dev.driftline.sinks.store.sql.StoreConnector.StoreUnreachableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.util.function.SerializableSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection of one JDBC writer, built from {@link StoreSettings}, that waits for a store that is down.
 *
 * <p>Flink's {@code JdbcOutputFormat} retries a failed batch by calling {@link #reestablishConnection()} when the
 * connection is no longer valid. Here that call (and the first {@link #getOrEstablishConnection()}) keeps trying to
 * connect — with capped exponential backoff — while the server is unreachable, up to {@code max-outage}; only then does
 * it fail, and the job with it. Writes are therefore delayed (the writer blocks and back-pressures the job) rather
 * than lost or failed. Errors that are not an outage (a wrong password, a missing database) fail at once.
 *
 * <p>Only references travel with the job graph: the password and secret properties are resolved on the task manager
 * when connecting, and no message of this class contains them. The tables are created on the first connection.
 */
public class ResilientConnectionProvider implements JdbcConnectionProvider {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ResilientConnectionProvider.class);
    private static final int VALIDATION_TIMEOUT_SECONDS = 5;

    private final StoreSettings settings;
    private final SqlDialect dialect;
    private final SerializableSupplier<SecretResolver> secrets;
    private final Backoff backoff;

    private transient Connection connection;
    private transient boolean schemaReady;

    /** Resolves {@code env:} references from the environment of the process that connects. */
    public ResilientConnectionProvider(StoreSettings settings) {
        this(settings, SecretResolver::system);
    }

    /** @param secrets creates the resolver where the connection is opened (tests inject their own environment) */
    public ResilientConnectionProvider(StoreSettings settings, SerializableSupplier<SecretResolver> secrets) {
        this(settings, secrets, Backoff.DEFAULT);
    }

    public ResilientConnectionProvider(StoreSettings settings, SerializableSupplier<SecretResolver> secrets,
                                       Backoff backoff) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dialect = SqlDialect.of(settings);
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        if (settings.password != null && !settings.password.isBlank()) {
            SecretResolver.checkReference("password", settings.password); // refuse a plain password up front
        }
    }

    public SqlDialect dialect() {
        return dialect;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public boolean isConnectionValid() {
        try {
            return connection != null && !connection.isClosed() && connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false; // a broken connection is simply not valid: reconnect rather than fail the retry
        }
    }

    @Override
    public Connection getOrEstablishConnection() throws SQLException {
        if (isConnectionValid()) {
            return connection;
        }
        closeConnection();
        connection = connectWaiting();
        return connection;
    }

    @Override
    public Connection reestablishConnection() throws SQLException {
        closeConnection();
        connection = connectWaiting();
        return connection;
    }

    @Override
    public void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the connection to {} failed", StoreRedaction.url(settings.url), e);
            } finally {
                connection = null;
            }
        }
    }

    /**
     * Connects (and on the first connection creates the tables), waiting out an outage: retries with backoff, the
     * last attempt when max-outage has passed since the first failure.
     */
    private Connection connectWaiting() throws SQLException {
        Duration maxOutage = settings.maxOutage == null ? Duration.ZERO : settings.maxOutage;
        long start = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            try {
                return connectOnce();
            } catch (StoreUnreachableException e) {
                long waited = (System.nanoTime() - start) / 1_000_000;
                long remaining = maxOutage.toMillis() - waited;
                if (remaining <= 0) {
                    throw new SQLException("store " + StoreRedaction.url(settings.url) + " unreachable for "
                            + waited + " ms (" + (attempt + 1) + " attempts); giving up after max-outage "
                            + maxOutage, e.getSQLState(), e);
                }
                long delay = Math.min(backoff.delayMillis(attempt), remaining);
                if (attempt == 0) {
                    LOG.warn("store {} unreachable ({}); retrying for up to {}", StoreRedaction.url(settings.url),
                            e.getMessage(), maxOutage);
                } else {
                    LOG.info("store {} still unreachable after {} ms; next attempt in {} ms",
                            StoreRedaction.url(settings.url), waited, delay);
                }
                sleep(delay);
            }
        }
    }

    private Connection connectOnce() throws SQLException {
        Connection c = StoreConnector.open(settings, secrets.get());
        try {
            if (!schemaReady) {
                SqlStoreSchema.ensure(c, dialect);
                schemaReady = true;
            }
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            // A server that goes away while the tables are created is an outage like any other.
            throw StoreConnector.unreachable(e)
                    ? StoreRedaction.sanitize(e, settings.url, java.util.List.of(), StoreUnreachableException::new)
                    : StoreRedaction.sanitize(e, settings.url, java.util.List.of());
        }
    }

    private static void sleep(long ms) throws SQLException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the store to come back", "08000", e);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is being abandoned anyway
        }
    }

    @Override
    public String toString() {
        return "ResilientConnectionProvider{" + settings + ", dialect=" + dialect + "}";
    }
}
