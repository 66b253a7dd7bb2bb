package dev.driftline.sinks.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and how to reach one store (the time-series store or the model endpoint store), as configured.
 *
 * <p>Secrets are kept as references ({@code env:VAR} or {@code file:/path}, see
 * {@link dev.driftline.sinks.notify.SecretResolver}) and resolved only where a connection is opened — on the task
 * managers for the job's writers — so no secret travels in the job graph, and {@link #toString()} never shows one.
 */
public class StoreSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@code none}, {@code tdengine}, {@code mysql} (MySQL 8+ and MariaDB) or {@code postgresql}. */
    @JsonProperty("type")
    public String type = "none";
    /** JDBC URL, e.g. {@code jdbc:mariadb://db:3306/monitoring}, {@code jdbc:TAOS-WS://tsdb:6041/}. */
    @JsonProperty("url")
    public String url;
    @JsonProperty("user")
    public String user;
    /** A reference ({@code env:VAR} or {@code file:/path}); a plain value is refused. Null when none is needed. */
    @JsonProperty("password")
    public String password;
    /** TDengine database name (MLRun's); the SQL stores use the database of the URL. */
    @JsonProperty("database")
    public String database = "mlrun_model_monitoring";
    /** Driver properties (TLS options and the like); values may be secret references too. */
    @JsonProperty("properties")
    public Map<String, String> properties = new LinkedHashMap<>();
    /** Rows buffered before a write. */
    @JsonProperty("batch-size")
    public int batchSize = 500;
    /** Longest time a buffered row waits before it is written. */
    @JsonProperty("batch-interval")
    public Duration batchInterval = Duration.ofSeconds(1);
    /**
     * How long writes wait (retrying with backoff) for a store that is down before the job fails over. For the SQL
     * stores at most {@link #MAX_SQL_OUTAGE}: their wait cannot be interrupted, and Flink kills a TaskManager whose
     * task has not stopped 3 minutes after a cancel ({@code task.cancellation.timeout}).
     */
    @JsonProperty("max-outage")
    public Duration maxOutage = Duration.ofMinutes(2);

    /** The longest {@code max-outage} of a SQL store. */
    public static final Duration MAX_SQL_OUTAGE = Duration.ofSeconds(150);

    public StoreSettings() {}

    public boolean enabled() {
        return type != null && !type.isBlank() && !"none".equalsIgnoreCase(type);
    }

    /** The type in lower case; {@code none} when unset. */
    public String kind() {
        return enabled() ? type.trim().toLowerCase(java.util.Locale.ROOT) : "none";
    }

    /** Never shows the password, property values or secret URL parameters (they may be secrets). */
    @Override
    public String toString() {
        return "StoreSettings{type=" + kind() + ", url=" + StoreRedaction.url(url) + ", user=" + user
                + ", password=" + (password == null ? "none" : "<reference>")
                + ", properties=" + properties.keySet() + ", batchSize=" + batchSize
                + ", batchInterval=" + batchInterval + ", maxOutage=" + maxOutage + "}";
    }
}
