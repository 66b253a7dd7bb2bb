package dev.driftline.sinks.store.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.functions.model.EndpointActivity;
import dev.driftline.functions.model.MonitoringResult;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** The job's updates of {@code model_endpoints}: what it binds to {@link EndpointStatements}' upserts. */
public final class EndpointUpdates {
    /** The default application and its result that set an endpoint's drift status (MLRun's). */
    public static final String DRIFT_APPLICATION = "histogram-data-drift";
    public static final String DRIFT_RESULT = "general_drift";

    private static final ObjectMapper JSON = new ObjectMapper();

    private EndpointUpdates() {}

    /** MLRun's drift status names for result statuses 0, 1, 2; null for any other status (irrelevant, -1). */
    public static String driftStatus(int status) {
        return switch (status) {
            case 0 -> "NO_DRIFT";
            case 1 -> "POSSIBLE_DRIFT";
            case 2 -> "DRIFT_DETECTED";
            default -> null;
        };
    }

    /** The results that set an endpoint's drift fields: the default app's general_drift with a drift status. */
    public static boolean isDriftResult(MonitoringResult r) {
        return MonitoringResult.RESULT.equals(r.type) && DRIFT_APPLICATION.equals(r.application)
                && DRIFT_RESULT.equals(r.name) && driftStatus(r.status) != null;
    }

    /**
     * The endpoint's {@code metrics} JSON: latency averages (microseconds, null when no request reported one),
     * predictions per second and the invocation count.
     */
    public static String metricsJson(EndpointActivity a) {
        ObjectNode n = JSON.createObjectNode();
        putFinite(n, "latency_avg_5m", a.latencyAvg5mMicros);
        putFinite(n, "latency_avg_1h", a.latencyAvg1hMicros);
        putFinite(n, "predictions_per_second", a.predictionsPerSecond);
        n.put("invocation_count", a.invocationCount);
        return n.toString();
    }

    /**
     * The value of {@code key} in a result's extra data, as JSON text; null when the extra data is missing, is not a
     * JSON object or has no such key (a window whose statistics were too big to keep has no current_stats).
     */
    public static String extraDataField(String extraData, String key) {
        if (extraData == null || extraData.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(extraData);
            JsonNode value = node == null ? null : node.get(key);
            return value == null || value.isNull() ? null : value.toString();
        } catch (Exception e) {
            return null; // never fail a batch (and the job, on every replay) over malformed extra data
        }
    }

    private static void putFinite(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    /** Binds an {@link EndpointActivity} to {@link EndpointStatements#activity}. */
    static final class ActivityBinder implements JdbcStatementBuilder<EndpointActivity> {
        private static final long serialVersionUID = 1L;
        private final SqlDialect dialect;

        ActivityBinder(SqlDialect dialect) {
            this.dialect = dialect;
        }

        @Override
        public void accept(PreparedStatement ps, EndpointActivity a) throws SQLException {
            SqlValues.text(ps, 1, SqlValues.fit(a.endpointId == null ? "" : a.endpointId, SqlTables.ID_LENGTH));
            SqlValues.text(ps, 2, SqlValues.fit(a.project, SqlTables.ID_LENGTH));
            dialect.bindTime(ps, 3, SqlValues.instantOrNull(a.firstRequest));
            dialect.bindTime(ps, 4, SqlValues.instantOrNull(a.lastRequest));
            ps.setLong(5, a.errorCount);
            SqlValues.text(ps, 6, metricsJson(a));
            dialect.bindTime(ps, 7, a.intervalEnd);
        }
    }

    /** Binds a drift result to {@link EndpointStatements#drift}. */
    static final class DriftBinder implements JdbcStatementBuilder<MonitoringResult> {
        private static final long serialVersionUID = 1L;
        private final SqlDialect dialect;

        DriftBinder(SqlDialect dialect) {
            this.dialect = dialect;
        }

        @Override
        public void accept(PreparedStatement ps, MonitoringResult r) throws SQLException {
            SqlValues.text(ps, 1, SqlValues.fit(r.endpointId == null ? "" : r.endpointId, SqlTables.ID_LENGTH));
            SqlValues.text(ps, 2, SqlValues.fit(r.project, SqlTables.ID_LENGTH));
            SqlValues.text(ps, 3, driftStatus(r.status));
            SqlValues.text(ps, 4, SqlValues.clean(extraDataField(r.extraData, "drift_measures")));
            SqlValues.text(ps, 5, SqlValues.clean(extraDataField(r.extraData, "current_stats")));
            dialect.bindTime(ps, 6, r.windowEnd);
        }
    }
}
