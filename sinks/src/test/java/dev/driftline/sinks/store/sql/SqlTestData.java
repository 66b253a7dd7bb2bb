package dev.driftline.sinks.store.sql;

import dev.driftline.functions.model.EndpointActivity;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.sinks.store.StoreSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Inputs of the SQL store writers and plain readers of what they wrote. */
final class SqlTestData {
    static final long H09 = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();
    static final long H10 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();
    static final long MIN10 = 600_000;

    private SqlTestData() {}

    static MonitoringResult result(String endpointId, String application, String name, long start, long end,
                                   double value, int status, String extraData) {
        MonitoringResult r = new MonitoringResult();
        r.type = MonitoringResult.RESULT;
        r.endpointId = endpointId;
        r.project = "proj";
        r.model = "model-1";
        r.application = application;
        r.name = name;
        r.windowStart = start;
        r.windowEnd = end;
        r.value = value;
        r.kind = 0;
        r.status = status;
        r.extraData = extraData;
        return r;
    }

    static MonitoringResult metric(String endpointId, String application, String name, long start, long end,
                                   double value) {
        MonitoringResult r = new MonitoringResult();
        r.type = MonitoringResult.METRIC;
        r.endpointId = endpointId;
        r.project = "proj";
        r.model = "model-1";
        r.application = application;
        r.name = name;
        r.windowStart = start;
        r.windowEnd = end;
        r.value = value;
        return r;
    }

    /** A general_drift result of the default application, with drift measures and current stats in its extra data. */
    static MonitoringResult drift(String endpointId, long start, long end, int status, String tag) {
        String quoted = "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(tag))
                + "\"";
        String extra = "{\"drift_measures\": {\"x\": {\"tvd\": 0.25, \"tag\": " + quoted + "}}, "
                + "\"current_stats\": {\"x\": {\"count\": 10, \"tag\": " + quoted + "}}, \"threshold\": 0.7}";
        return result(endpointId, EndpointUpdates.DRIFT_APPLICATION, EndpointUpdates.DRIFT_RESULT, start, end,
                0.1 * (status + 1), status, extra);
    }

    /** One activity interval [start, start + 10 min) with running fields as given. */
    static EndpointActivity activity(String endpointId, long start, long firstRequest, long lastRequest,
                                     long invocations, long errorCount) {
        EndpointActivity a = new EndpointActivity();
        a.endpointId = endpointId;
        a.project = "proj";
        a.intervalStart = start;
        a.intervalEnd = start + MIN10;
        a.requests = 7;
        a.predictions = 9;
        a.errors = 1;
        a.latencyAvgMicros = 1234.5;
        a.estimatedPredictionCount = 18.0;
        a.effectiveSampleCount = 9;
        a.customMetrics = "{\"acc\": 0.9}";
        a.firstRequest = firstRequest;
        a.lastRequest = lastRequest;
        a.invocationCount = invocations;
        a.errorCount = errorCount;
        a.latencyAvg5mMicros = 1000.25;
        a.latencyAvg1hMicros = Double.NaN;
        a.predictionsPerSecond = 0.015;
        return a;
    }

    static InferenceError error(String endpointId, String errorType, long timestamp, String message) {
        InferenceError e = new InferenceError();
        e.endpointId = endpointId;
        e.project = "proj";
        e.model = "model-1";
        e.functionUri = "proj/serving";
        e.requestId = "req-" + timestamp;
        e.timestamp = timestamp;
        e.error = message;
        e.errorType = errorType;
        return e;
    }

    /** Every row of a table as column → value (instants as epoch ms), ordered by {@code orderBy}. */
    static List<Map<String, Object>> rows(StoreSettings store, SqlTable table, String orderBy) throws SQLException {
        SqlDialect dialect = SqlDialect.of(store);
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = EmbeddedDatabases.connect(store);
             PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table.name() + " ORDER BY " + orderBy);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (SqlTable.Column col : table.columns()) {
                    Object v = switch (col.type()) {
                        case TIME -> dialect.readTime(rs, col.name());
                        case DOUBLE -> rs.getObject(col.name()) == null ? null : rs.getDouble(col.name());
                        case INT -> rs.getObject(col.name()) == null ? null : rs.getInt(col.name());
                        case BIGINT -> rs.getObject(col.name()) == null ? null : rs.getLong(col.name());
                        case VARCHAR, TEXT -> rs.getString(col.name());
                    };
                    row.put(col.name(), v);
                }
                out.add(row);
            }
        }
        return out;
    }

    static long count(StoreSettings store, String table) throws SQLException {
        try (Connection c = EmbeddedDatabases.connect(store);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
