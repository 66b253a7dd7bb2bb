package dev.driftline.sinks.store.tdengine;

import static dev.driftline.sinks.store.tdengine.TdengineSchema.TAG_WIDTH;
import static dev.driftline.sinks.store.tdengine.TdengineSchema.TEXT_WIDTH;

import dev.driftline.functions.model.EndpointActivity;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoringResult;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of the monitoring outputs (spec §5): application results and metrics, per-endpoint activity (the
 * {@code predictions} table) and request errors.
 *
 * <p>Identifying strings (project, endpoint id, application and result/metric names) are stored verbatim or not at
 * all: a row whose tag is longer than BINARY(64) is reported by {@link TdengineRow#problem()} and dropped by the
 * writer. Descriptive text is made to fit instead: JSON columns lose their large members ({@link BoundedJson}), the
 * error message is cut at a character boundary with a trailing {@code …}, and the error type (a grouping label such
 * as an exception class) is cut to 64 bytes.
 */
public final class TdengineRows {
    /** {@link MonitoringResult}s: results to {@code app_results}, metrics to {@code metrics}, others skipped. */
    public static final TdengineRowMapper<MonitoringResult> MONITORING_RESULTS = TdengineRows::monitoringResult;
    /** {@link EndpointActivity} to {@code predictions}, one row per endpoint and activity interval. */
    public static final TdengineRowMapper<EndpointActivity> PREDICTIONS = TdengineRows::prediction;
    /** {@link InferenceError}s to {@code errors}. */
    public static final TdengineRowMapper<InferenceError> ERRORS = TdengineRows::error;

    private TdengineRows() {}

    /** A result's or a metric's row, or null for another type. */
    public static TdengineRow monitoringResult(MonitoringResult r) {
        if (MonitoringResult.RESULT.equals(r.type)) {
            return result(r);
        }
        if (MonitoringResult.METRIC.equals(r.type)) {
            return metric(r);
        }
        return null;
    }

    /** An {@code app_results} row: keyed by the window's end. */
    public static TdengineRow result(MonitoringResult r) {
        return new TdengineRow(TdengineSchema.APP_RESULTS,
                Arrays.asList(r.project, r.endpointId, r.application, r.name, r.kind),
                Arrays.asList(r.windowEnd, r.windowStart, r.value, r.status, BoundedJson.fit(r.extraData, TEXT_WIDTH)));
    }

    /** A {@code metrics} row: keyed by the window's end. */
    public static TdengineRow metric(MonitoringResult r) {
        return new TdengineRow(TdengineSchema.METRICS,
                Arrays.asList(r.project, r.endpointId, r.application, r.name),
                List.of(r.windowEnd, r.windowStart, r.value));
    }

    /** A {@code predictions} row: keyed by the interval's start; latency in microseconds (NULL when none). */
    public static TdengineRow prediction(EndpointActivity a) {
        return new TdengineRow(TdengineSchema.PREDICTIONS,
                Arrays.asList(a.project, a.endpointId),
                Arrays.asList(a.intervalStart, a.latencyAvgMicros, BoundedJson.fit(a.customMetrics, TEXT_WIDTH),
                        a.estimatedPredictionCount, a.effectiveSampleCount));
    }

    /** An {@code errors} row: keyed by the request's event time. */
    public static TdengineRow error(InferenceError e) {
        return new TdengineRow(TdengineSchema.ERRORS,
                Arrays.asList(e.project, e.endpointId, TdengineSql.truncateUtf8(e.errorType, TAG_WIDTH)),
                Arrays.asList(e.timestamp, TdengineSql.truncateUtf8WithMarker(e.error, TEXT_WIDTH)));
    }
}
