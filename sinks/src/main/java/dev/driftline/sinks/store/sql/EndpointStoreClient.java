package dev.driftline.sinks.store.sql;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.driftline.sinks.notify.SecretResolver;
import dev.driftline.sinks.store.EndpointRecord;
import dev.driftline.sinks.store.StoreSettings;
import dev.driftline.sinks.store.sql.SqlTable.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model endpoint store for the command line: register definitions, read records. Plain JDBC on one connection
 * (no waiting for a store that is down: a person is waiting for the answer). Creates the tables when missing.
 */
public final class EndpointStoreClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SqlTable T = SqlTables.MODEL_ENDPOINTS;
    private static final String SELECT = "SELECT " + String.join(", ", T.columnNames()) + " FROM " + T.name();

    private final Connection connection;
    private final SqlDialect dialect;

    private EndpointStoreClient(Connection connection, SqlDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /** Resolves secret references from the process environment. */
    public static EndpointStoreClient open(StoreSettings settings) throws SQLException {
        return open(settings, SecretResolver.system());
    }

    public static EndpointStoreClient open(StoreSettings settings, SecretResolver secrets) throws SQLException {
        SqlDialect dialect = SqlDialect.of(settings);
        Connection c = StoreConnector.open(settings, secrets);
        try {
            SqlStoreSchema.ensure(c, dialect);
            return new EndpointStoreClient(c, dialect);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Creates or replaces the definition of {@code e.uid()}: project, name, function_uri, model, model_class, labels,
     * feature_names, label_names, feature_stats, monitoring_mode. The fields the job maintains (drift, requests,
     * error count, metrics) and the creation time of an existing record are left as they are.
     *
     * @throws IllegalArgumentException when the uid is missing or a field is longer than its column
     */
    public void register(EndpointRecord e) throws SQLException {
        if (e.uid() == null || e.uid().isBlank()) {
            throw new IllegalArgumentException("an endpoint record needs a uid");
        }
        Object[] values = {e.project(), e.name(), e.functionUri(), e.model(), e.modelClass(), json(e.labels()),
                json(e.featureNames()), json(e.labelNames()), json(e.featureStats()), e.monitoringMode()};
        try (PreparedStatement ps = connection.prepareStatement(EndpointStatements.register(dialect))) {
            ps.setString(1, checked(T.column("uid"), e.uid()));
            for (int i = 0; i < values.length; i++) {
                Column c = T.column(EndpointStatements.DEFINITION_COLUMNS.get(i));
                SqlValues.text(ps, i + 2, c.type() == SqlTable.Type.VARCHAR ? checked(c, (String) values[i])
                        : SqlValues.clean((String) values[i]));
            }
            dialect.bindTime(ps, values.length + 2, e.created() == null ? null : e.created().toEpochMilli());
            ps.executeUpdate();
        }
    }

    /**
     * Removes an endpoint's record (MLRun deletes it with the endpoint). Traffic that still arrives for it creates a
     * record again, with only the fields the job maintains.
     *
     * @return whether there was one
     */
    public boolean delete(String uid) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM model_endpoints WHERE uid = ?")) {
            ps.setString(1, uid);
            return ps.executeUpdate() > 0;
        }
    }

    public Optional<EndpointRecord> get(String uid) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SELECT + " WHERE uid = ?")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Every record, or those of one project; ordered by project and uid. */
    public List<EndpointRecord> list(String project) throws SQLException {
        String sql = SELECT + (project == null ? "" : " WHERE project = ?") + " ORDER BY project, uid";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (project != null) {
                ps.setString(1, project);
            }
            List<EndpointRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    private EndpointRecord read(ResultSet rs) throws SQLException {
        long errors = rs.getLong("error_count");
        Long errorCount = rs.wasNull() ? null : errors;
        return new EndpointRecord(rs.getString("uid"), rs.getString("project"), rs.getString("name"),
                rs.getString("function_uri"), rs.getString("model"), rs.getString("model_class"),
                parse(rs.getString("labels"), new TypeReference<Map<String, String>>() {}),
                parse(rs.getString("feature_names"), new TypeReference<List<String>>() {}),
                parse(rs.getString("label_names"), new TypeReference<List<String>>() {}),
                tree(rs.getString("feature_stats")), tree(rs.getString("current_stats")),
                tree(rs.getString("drift_measures")), rs.getString("drift_status"), rs.getString("monitoring_mode"),
                instant(rs, "first_request"), instant(rs, "last_request"), errorCount, tree(rs.getString("metrics")),
                instant(rs, "created"), instant(rs, "updated"));
    }

    private Instant instant(ResultSet rs, String column) throws SQLException {
        Long ms = dialect.readTime(rs, column);
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    private static String checked(Column c, String value) {
        if (value != null && value.codePointCount(0, value.length()) > c.length()) {
            throw new IllegalArgumentException(c.name() + " is longer than " + c.length() + " characters");
        }
        return SqlValues.clean(value);
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getMessage(), e);
        }
    }

    /** Stored JSON as a tree; text that is not JSON (written by hand) comes back as a string rather than failing. */
    private static JsonNode tree(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return TextNode.valueOf(text);
        }
    }

    private static <T> T parse(String text, TypeReference<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, type);
        } catch (Exception e) {
            return null; // not in the expected shape: shown as absent rather than failing the whole listing
        }
    }
}
