package dev.driftline.sinks.store.sql;

import static dev.driftline.sinks.store.sql.SqlTable.Column.of;
import static dev.driftline.sinks.store.sql.SqlTable.Column.varchar;

import dev.driftline.sinks.store.sql.SqlTable.Type;
import java.util.List;

/**
 * The tables of the SQL stores. The four time-series tables hold the columns and the tags of MLRun's TDengine super
 * tables (spec §5) as plain columns, keyed by series + timestamp so that writing a row again (a replay after a
 * restart) updates it instead of adding a copy. Values are DOUBLE rather than TDengine's FLOAT so that what is read
 * back equals what was written.
 *
 * <p>Key text columns are bounded so that a key stays under InnoDB's 3072-byte index limit with utf8mb4 (4 bytes per
 * character): app_results/metrics 255 + 128 + 128 characters, errors 255 + 255, plus a 7-byte DATETIME(3). Longer
 * values are cut to the column length by the writers rather than failing the job on every replay.
 */
public final class SqlTables {
    public static final int ID_LENGTH = 255;
    public static final int NAME_LENGTH = 128;
    public static final int ERROR_TYPE_LENGTH = 255;

    public static final SqlTable APP_RESULTS = new SqlTable("app_results", List.of(
            of("end_infer_time", Type.TIME),
            of("start_infer_time", Type.TIME),
            of("result_value", Type.DOUBLE),
            of("result_status", Type.INT),
            of("result_extra_data", Type.TEXT),
            varchar("project", ID_LENGTH),
            varchar("endpoint_id", ID_LENGTH),
            varchar("application_name", NAME_LENGTH),
            varchar("result_name", NAME_LENGTH),
            of("result_kind", Type.INT)),
            List.of("endpoint_id", "application_name", "result_name", "end_infer_time"), "end_infer_time", List.of());

    public static final SqlTable METRICS = new SqlTable("metrics", List.of(
            of("end_infer_time", Type.TIME),
            of("start_infer_time", Type.TIME),
            of("metric_value", Type.DOUBLE),
            varchar("project", ID_LENGTH),
            varchar("endpoint_id", ID_LENGTH),
            varchar("application_name", NAME_LENGTH),
            varchar("metric_name", NAME_LENGTH)),
            List.of("endpoint_id", "application_name", "metric_name", "end_infer_time"), "end_infer_time", List.of());

    public static final SqlTable PREDICTIONS = new SqlTable("predictions", List.of(
            of("time", Type.TIME),
            of("latency", Type.DOUBLE),
            of("custom_metrics", Type.TEXT),
            of("estimated_prediction_count", Type.DOUBLE),
            of("effective_sample_count", Type.BIGINT),
            varchar("project", ID_LENGTH),
            varchar("endpoint_id", ID_LENGTH)),
            List.of("endpoint_id", "time"), "time", List.of());

    public static final SqlTable ERRORS = new SqlTable("errors", List.of(
            of("time", Type.TIME),
            of("model_error", Type.TEXT),
            varchar("project", ID_LENGTH),
            varchar("endpoint_id", ID_LENGTH),
            varchar("error_type", ERROR_TYPE_LENGTH)),
            List.of("endpoint_id", "error_type", "time"), "time", List.of());

    /**
     * The model endpoint record (MLRun's, spec §5). Two columns guard the job's updates against older data arriving
     * late (a replay after a restart): {@code drift_window_end} (the window of the drift fields) and
     * {@code activity_end} (the activity interval of error_count and metrics).
     */
    public static final SqlTable MODEL_ENDPOINTS = new SqlTable("model_endpoints", List.of(
            varchar("uid", ID_LENGTH),
            varchar("project", ID_LENGTH),
            varchar("name", ID_LENGTH),
            varchar("function_uri", 1024),
            varchar("model", ID_LENGTH),
            varchar("model_class", ID_LENGTH),
            of("labels", Type.TEXT),
            of("feature_names", Type.TEXT),
            of("label_names", Type.TEXT),
            of("feature_stats", Type.TEXT),
            of("current_stats", Type.TEXT),
            of("drift_measures", Type.TEXT),
            varchar("drift_status", 32),
            of("drift_window_end", Type.TIME),
            varchar("monitoring_mode", 16),
            of("first_request", Type.TIME),
            of("last_request", Type.TIME),
            of("error_count", Type.BIGINT),
            of("metrics", Type.TEXT),
            of("activity_end", Type.TIME),
            of("created", Type.TIME),
            of("updated", Type.TIME)),
            List.of("uid"), null, List.of("project"));

    public static final List<SqlTable> TIME_SERIES = List.of(APP_RESULTS, METRICS, PREDICTIONS, ERRORS);
    public static final List<SqlTable> ALL = List.of(APP_RESULTS, METRICS, PREDICTIONS, ERRORS, MODEL_ENDPOINTS);

    private SqlTables() {}
}
