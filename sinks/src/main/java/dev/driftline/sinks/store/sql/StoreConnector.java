package dev.driftline.sinks.store.sql;

import dev.driftline.sinks.notify.SecretResolver;
import dev.driftline.sinks.store.StoreRedaction;
import dev.driftline.sinks.store.StoreSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Opens one JDBC connection for {@link StoreSettings}. Secret references (the password, and property values written
 * as {@code env:VAR} / {@code file:/path}) are resolved here, at connection time, so they live only in the process that
 * connects. Every failure comes back with the password, the property values and the URL's secret parameters
 * scrubbed from its messages; a failure to reach the server is a {@link StoreUnreachableException}.
 */
final class StoreConnector {
    private StoreConnector() {}

    static Connection open(StoreSettings settings, SecretResolver secrets) throws SQLException {
        if (settings.url == null || settings.url.isBlank()) {
            throw new SQLException("store " + settings.kind() + ": no url configured");
        }
        Properties props = new Properties();
        List<String> hidden = new ArrayList<>();
        for (Map.Entry<String, String> p : settings.properties.entrySet()) {
            String value = SecretResolver.isReference(p.getValue())
                    ? secrets.resolve("properties." + p.getKey(), p.getValue())
                    : p.getValue();
            if (value != null) {
                props.setProperty(p.getKey(), value);
                hidden.add(value);
            }
        }
        timeoutDefaults(settings.url, props);
        if (settings.user != null && !settings.user.isBlank()) {
            props.setProperty("user", settings.user);
        }
        String password = secrets.resolveOptional("password", settings.password);
        if (password != null) {
            props.setProperty("password", password);
            hidden.add(password);
        }
        try {
            Connection c = driver(settings.url).connect(settings.url, props);
            if (c == null) {
                throw new SQLException("no JDBC driver accepts " + StoreRedaction.url(settings.url), "08001");
            }
            return c;
        } catch (SQLException e) {
            throw unreachable(e)
                    ? StoreRedaction.sanitize(e, settings.url, hidden, StoreUnreachableException::new)
                    : StoreRedaction.sanitize(e, settings.url, hidden);
        }
    }

    /** Seconds to establish a connection, by default. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;
    /**
     * Seconds a read from the server may block, by default. Without one, a connection left half-open by a database
     * failover blocks a write for as long as the kernel retries (about 15 minutes), holding back checkpoints; with one,
     * the write fails, and the outage handling reconnects. Longer than any batch the writers send should take.
     */
    static final int SOCKET_TIMEOUT_SECONDS = 60;

    /**
     * Sets the connect and socket timeouts that neither the properties nor the URL set: PostgreSQL's in seconds,
     * MariaDB's and MySQL's in milliseconds.
     */
    static void timeoutDefaults(String url, Properties props) {
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        boolean postgres = lower.startsWith("jdbc:postgresql:");
        if (!postgres && !lower.startsWith("jdbc:mariadb:") && !lower.startsWith("jdbc:mysql:")) {
            return;
        }
        int unit = postgres ? 1 : 1000;
        setUnlessGiven(lower, props, "connectTimeout", CONNECT_TIMEOUT_SECONDS * unit);
        setUnlessGiven(lower, props, "socketTimeout", SOCKET_TIMEOUT_SECONDS * unit);
    }

    private static void setUnlessGiven(String lowerUrl, Properties props, String name, int value) {
        boolean inUrl = lowerUrl.matches(".*[?&;]" + name.toLowerCase(java.util.Locale.ROOT) + "=.*");
        boolean inProps = props.stringPropertyNames().stream().anyMatch(k -> k.equalsIgnoreCase(name));
        if (!inUrl && !inProps) {
            props.setProperty(name, Integer.toString(value));
        }
    }

    /**
     * The driver for {@code url}, looked up in this class's class loader as well: in a Flink job the drivers sit in
     * the user-code class loader, which {@link DriverManager} does not search. A driver that cannot be loaded (the
     * native TDengine driver without its library, say) is skipped rather than failing the lookup.
     */
    static Driver driver(String url) throws SQLException {
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                StoreConnector.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            Iterator<Driver> drivers = ServiceLoader.load(Driver.class, loader).iterator();
            for (int i = 0; i < 1000; i++) { // bounded: a broken provider must not make this spin
                Driver d;
                try {
                    if (!drivers.hasNext()) {
                        break;
                    }
                    d = drivers.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    continue; // the iterator moves on to the next provider
                }
                if (d.acceptsURL(url)) {
                    return d;
                }
            }
        }
        try {
            return DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new SQLException("no JDBC driver accepts " + StoreRedaction.url(url)
                    + " (use jdbc:mariadb:// for MySQL/MariaDB, jdbc:postgresql:// for PostgreSQL)", "08001");
        }
    }

    /**
     * True when the server could not be reached or dropped the connection (SQL state class 08, PostgreSQL's
     * "shutting down"/"starting up"/"too many connections", or an I/O error underneath) — a condition worth waiting
     * out. Authentication and SQL errors are not: retrying them would only delay the failure.
     */
    static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P0") || state.equals("53300")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The server could not be reached; the message is scrubbed of secrets. */
    static final class StoreUnreachableException extends SQLException {
        private static final long serialVersionUID = 1L;

        StoreUnreachableException(String message, String sqlState, int vendorCode) {
            super(message, sqlState, vendorCode);
        }
    }
}
