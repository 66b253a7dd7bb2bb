package dev.driftline.sinks.store.sql;

import dev.driftline.sinks.notify.SecretResolver;
import dev.driftline.sinks.store.ResultStore;
import dev.driftline.sinks.store.StoreSettings;
import dev.driftline.sinks.store.StoredResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads results ({@code app_results}) and metrics ({@code metrics}) of one endpoint back from an SQL store. */
public final class SqlResultStore implements ResultStore {
    /** Oldest window first; within a window by application, results before metrics, then name. */
    static final Comparator<StoredResult> ORDER = Comparator.comparingLong(StoredResult::windowEnd)
            .thenComparing(StoredResult::application)
            .thenComparing(r -> "result".equals(r.type()) ? 0 : 1)
            .thenComparing(StoredResult::name);

    private final Connection connection;
    private final SqlDialect dialect;

    private SqlResultStore(Connection connection, SqlDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /** Resolves secret references from the process environment. */
    public static SqlResultStore open(StoreSettings settings) throws SQLException {
        return open(settings, SecretResolver.system());
    }

    public static SqlResultStore open(StoreSettings settings, SecretResolver secrets) throws SQLException {
        return new SqlResultStore(StoreConnector.open(settings, secrets), SqlDialect.of(settings));
    }

    @Override
    public List<StoredResult> results(String endpointId, String application, long sinceMs) throws SQLException {
        List<StoredResult> out = new ArrayList<>();
        String filter = " WHERE endpoint_id = ?" + (application == null ? "" : " AND application_name = ?")
                + " AND end_infer_time >= ?";
        try (PreparedStatement ps = connection.prepareStatement("SELECT project, endpoint_id, application_name, "
                + "result_name, start_infer_time, end_infer_time, result_value, result_kind, result_status, "
                + "result_extra_data FROM app_results" + filter)) {
            bindFilter(ps, endpointId, application, sinceMs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredResult(rs.getString("project"), rs.getString("endpoint_id"),
                            rs.getString("application_name"), "result", rs.getString("result_name"),
                            time(rs, "start_infer_time"), time(rs, "end_infer_time"), value(rs, "result_value"),
                            rs.getInt("result_kind"), rs.getInt("result_status"), rs.getString("result_extra_data")));
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT project, endpoint_id, application_name, "
                + "metric_name, start_infer_time, end_infer_time, metric_value FROM metrics" + filter)) {
            bindFilter(ps, endpointId, application, sinceMs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredResult(rs.getString("project"), rs.getString("endpoint_id"),
                            rs.getString("application_name"), "metric", rs.getString("metric_name"),
                            time(rs, "start_infer_time"), time(rs, "end_infer_time"), value(rs, "metric_value"),
                            -1, 0, null));
                }
            }
        }
        out.sort(ORDER);
        return out;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    private void bindFilter(PreparedStatement ps, String endpointId, String application, long sinceMs)
            throws SQLException {
        int i = 1;
        ps.setString(i++, endpointId);
        if (application != null) {
            ps.setString(i++, application);
        }
        dialect.bindTime(ps, i, sinceMs);
    }

    private long time(ResultSet rs, String column) throws SQLException {
        Long t = dialect.readTime(rs, column);
        return t == null ? 0 : t;
    }

    /** A value stored as NULL (it was NaN or infinite) reads back as NaN. */
    private static double value(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }
}
