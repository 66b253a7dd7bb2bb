package dev.driftline.sinks.store.tdengine;

import com.taosdata.jdbc.TSDBDriver;
import com.taosdata.jdbc.rs.RestfulDriver;
import com.taosdata.jdbc.ws.WebSocketDriver;
import dev.driftline.sinks.notify.SecretResolver;
import dev.driftline.sinks.store.StoreSettings;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * How to reach one TDengine server, as configured: part of the job graph, so it holds the password and secret
 * properties only as references ({@code env:VAR}, {@code file:/path}). They are resolved by {@link #open()} — on the
 * task manager, each time a connection is opened (a rotated secret file is picked up at the next reconnect) — and
 * live only in the driver's properties and in the {@link Secrets} used to scrub messages.
 *
 * <p>URLs: {@code jdbc:TAOS-WS://host:6041/} (WebSocket through taosAdapter, pure Java — the usual choice),
 * {@code jdbc:TAOS-RS://host:6041/} (REST) or {@code jdbc:TAOS://host:6030/} (native, needs {@code libtaos} on the
 * library path). The driver is instantiated directly instead of looked up through {@code DriverManager}, which does
 * not see drivers loaded by Flink's user-code class loader.
 */
public final class TdengineConnector implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String WS_PREFIX = "jdbc:TAOS-WS://";
    static final String REST_PREFIX = "jdbc:TAOS-RS://";
    static final String NATIVE_PREFIX = "jdbc:TAOS://";

    private final String url;
    private final String user;
    private final String passwordRef;
    private final LinkedHashMap<String, String> properties;
    private final String database;
    private final SerializableSupplier<Map<String, String>> environment;

    /**
     * @param environment where {@code env:} references are read (the process environment in production)
     * @throws IllegalArgumentException if the URL is not a TDengine URL, the database is not a plain identifier, or
     *     the password is a plain value instead of a reference (the message never shows it)
     */
    TdengineConnector(StoreSettings settings, SerializableSupplier<Map<String, String>> environment) {
        Objects.requireNonNull(settings, "settings");
        this.url = checkUrl(settings.url);
        this.user = settings.user;
        this.passwordRef = settings.password == null || settings.password.isBlank() ? null : settings.password;
        if (passwordRef != null) {
            SecretResolver.checkReference("password", passwordRef);
        }
        this.properties = new LinkedHashMap<>(settings.properties == null ? Map.of() : settings.properties);
        this.database = TdengineSchema.database(
                settings.database == null ? TdengineSchema.DEFAULT_DATABASE : settings.database);
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Reads {@code env:} references from the process environment of the task manager. */
    public static TdengineConnector of(StoreSettings settings) {
        return new TdengineConnector(settings, System::getenv);
    }

    private static String checkUrl(String url) {
        if (url == null || !(url.startsWith(WS_PREFIX) || url.startsWith(REST_PREFIX) || url.startsWith(NATIVE_PREFIX))) {
            throw new IllegalArgumentException("a TDengine URL starts with " + WS_PREFIX + ", " + REST_PREFIX + " or "
                    + NATIVE_PREFIX + "; got " + (url == null ? "none" : redact(url)));
        }
        return url;
    }

    public String database() {
        return database;
    }

    /** The URL without query parameters or user information (which may carry credentials): safe to log. */
    public String safeUrl() {
        return redact(url);
    }

    static String redact(String url) {
        String base = url;
        int query = base.indexOf('?');
        if (query >= 0) {
            base = base.substring(0, query) + "?...";
        }
        int scheme = base.indexOf("://");
        int at = base.indexOf('@');
        if (scheme >= 0 && at > scheme) {
            base = base.substring(0, scheme + 3) + "***@" + base.substring(at + 1);
        }
        return base;
    }

    /** An open connection and the secrets used to open it (to scrub messages of errors on it). */
    record Opened(Connection connection, Secrets secrets) {}

    /**
     * Resolves the secrets and opens a connection.
     *
     * @throws Secrets.Scrubbed (wrapped in {@link SQLException}) if it cannot; no message contains a secret
     */
    Opened open() throws SQLException {
        SecretResolver resolver = new SecretResolver(environment.get());
        List<String> secretValues = new ArrayList<>(urlSecrets(url));
        Properties props = new Properties();
        if (user != null && !user.isBlank()) {
            props.setProperty(TSDBDriver.PROPERTY_KEY_USER, user);
        }
        try {
            String password = resolver.resolveOptional("password", passwordRef);
            if (password != null) {
                props.setProperty(TSDBDriver.PROPERTY_KEY_PASSWORD, password);
                secretValues.add(password);
            }
            for (Map.Entry<String, String> p : properties.entrySet()) {
                String value = p.getValue();
                if (SecretResolver.isReference(value)) {
                    value = resolver.resolve("properties." + p.getKey(), value);
                    secretValues.add(value);
                }
                if (value != null) {
                    props.setProperty(p.getKey(), value);
                }
            }
        } catch (SecretResolver.SecretResolutionException e) {
            // Its message names the field and the variable or file only.
            throw new SQLException("cannot connect to TDengine at " + safeUrl() + ": " + e.getMessage());
        }
        Secrets secrets = new Secrets(secretValues);
        try {
            Connection c = driver().connect(url, props);
            if (c == null) {
                throw new SQLException("the TDengine driver does not accept the URL " + safeUrl());
            }
            return new Opened(c, secrets);
        } catch (SQLException | RuntimeException e) {
            throw new SQLException("cannot connect to TDengine at " + safeUrl(), secrets.scrub(e));
        }
    }

    private Driver driver() {
        if (url.startsWith(WS_PREFIX)) {
            return new WebSocketDriver();
        }
        if (url.startsWith(REST_PREFIX)) {
            return new RestfulDriver();
        }
        return new TSDBDriver();
    }

    /**
     * The parts of a URL that may carry credentials — values of {@code ?a=b&c=d} and {@code user:password@} — since
     * users sometimes put a password there: they are scrubbed from messages too.
     */
    static List<String> urlSecrets(String url) {
        List<String> values = new ArrayList<>();
        int query = url.indexOf('?');
        if (query >= 0) {
            for (String pair : url.substring(query + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq >= 0 && eq + 1 < pair.length()) {
                    values.add(pair.substring(eq + 1));
                }
            }
        }
        String base = query >= 0 ? url.substring(0, query) : url;
        int scheme = base.indexOf("://");
        int at = base.indexOf('@');
        if (scheme >= 0 && at > scheme) {
            String userInfo = base.substring(scheme + 3, at);
            values.add(userInfo);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                values.add(userInfo.substring(colon + 1));
            }
        }
        return values;
    }

    /** Never shows the password, property values or URL parameters. */
    @Override
    public String toString() {
        return "TdengineConnector{url=" + safeUrl() + ", user=" + user + ", password="
                + (passwordRef == null ? "none" : "<reference>") + ", properties=" + properties.keySet()
                + ", database=" + database + "}";
    }
}
