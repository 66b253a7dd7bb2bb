package dev.driftline.sinks.store.tdengine;

import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.sinks.store.ResultStore;
import dev.driftline.sinks.store.StoreSettings;
import dev.driftline.sinks.store.StoredResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Reads results and metrics of one endpoint back from TDengine's {@code app_results} and {@code metrics} super
 * tables (one query each, filtered on the {@code endpoint_id} tag and the window end, which is the primary key) and
 * merges them oldest first. Values are embedded as escaped literals ({@link TdengineSql#string}), the same way they
 * were written.
 */
public final class TdengineResultStore implements ResultStore {
    private final Connection connection;
    private final String database;
    private final Secrets secrets;

    private TdengineResultStore(Connection connection, String database, Secrets secrets) {
        this.connection = connection;
        this.database = database;
        this.secrets = secrets;
    }

    /** Connects, resolving the password reference from the process environment. */
    public static TdengineResultStore open(StoreSettings settings) throws SQLException {
        return open(TdengineConnector.of(settings));
    }

    static TdengineResultStore open(TdengineConnector connector) throws SQLException {
        TdengineConnector.Opened opened = connector.open();
        return new TdengineResultStore(opened.connection(), connector.database(), opened.secrets());
    }

    @Override
    public List<StoredResult> results(String endpointId, String application, long sinceMs) throws SQLException {
        Objects.requireNonNull(endpointId, "endpointId");
        List<StoredResult> out = new ArrayList<>();
        query(resultsQuery(database, endpointId, application, sinceMs), rs -> new StoredResult(
                rs.getString(6), rs.getString(7), rs.getString(8), MonitoringResult.RESULT, rs.getString(9),
                millis(rs.getTimestamp(2)), millis(rs.getTimestamp(1)), floatOrNaN(rs, 3), intOr(rs, 10, -1),
                intOr(rs, 4, 0), rs.getString(5)), out);
        query(metricsQuery(database, endpointId, application, sinceMs), rs -> new StoredResult(
                rs.getString(4), rs.getString(5), rs.getString(6), MonitoringResult.METRIC, rs.getString(7),
                millis(rs.getTimestamp(2)), millis(rs.getTimestamp(1)), floatOrNaN(rs, 3), -1, 0, null), out);
        out.sort(Comparator.comparingLong(StoredResult::windowEnd)
                .thenComparingLong(StoredResult::windowStart)
                .thenComparing(StoredResult::type)
                .thenComparing(StoredResult::application, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(StoredResult::name, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    static String resultsQuery(String database, String endpointId, String application, long sinceMs) {
        return "SELECT end_infer_time, start_infer_time, result_value, result_status, result_extra_data, project,"
                + " endpoint_id, application_name, result_name, result_kind FROM "
                + TdengineSchema.database(database) + "." + TdengineSchema.APP_RESULTS.name()
                + where("end_infer_time", endpointId, application, sinceMs);
    }

    static String metricsQuery(String database, String endpointId, String application, long sinceMs) {
        return "SELECT end_infer_time, start_infer_time, metric_value, project, endpoint_id, application_name,"
                + " metric_name FROM " + TdengineSchema.database(database) + "." + TdengineSchema.METRICS.name()
                + where("end_infer_time", endpointId, application, sinceMs);
    }

    private static String where(String timeColumn, String endpointId, String application, long sinceMs) {
        return " WHERE endpoint_id = " + TdengineSql.string(endpointId) + " AND " + timeColumn + " >= " + sinceMs
                + (application == null ? "" : " AND application_name = " + TdengineSql.string(application));
    }

    private interface RowReader {
        StoredResult read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowReader reader, List<StoredResult> out) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(reader.read(rs));
            }
        } catch (SQLException | RuntimeException e) {
            throw new SQLException("TDengine query failed", secrets.scrub(e));
        }
    }

    private static long millis(Timestamp t) {
        return t == null ? 0 : t.getTime();
    }

    private static double floatOrNaN(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static int intOr(ResultSet rs, int column, int ifNull) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? ifNull : v;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    @Override
    public String toString() {
        return "TdengineResultStore{database=" + database + "}";
    }
}
