package dev.driftline.sinks.store.sql;

import dev.driftline.functions.model.EndpointActivity;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoringResult;

/**
 * The values of one row of each time-series table, in the column order of {@link SqlTables} (checked when bound).
 */
final class TimeSeriesRows {
    private TimeSeriesRows() {}

    /** {@link SqlTables#APP_RESULTS}. */
    static Object[] appResult(MonitoringResult r) {
        return new Object[] {r.windowEnd, r.windowStart, r.value, r.status, r.extraData, r.project, r.endpointId,
                r.application, r.name, r.kind};
    }

    /** {@link SqlTables#METRICS}. */
    static Object[] metric(MonitoringResult r) {
        return new Object[] {r.windowEnd, r.windowStart, r.value, r.project, r.endpointId, r.application, r.name};
    }

    /**
     * {@link SqlTables#PREDICTIONS}: one row per activity interval, at the interval's start; latency is the interval's
     * mean request latency in microseconds.
     */
    static Object[] prediction(EndpointActivity a) {
        return new Object[] {a.intervalStart, a.latencyAvgMicros, a.customMetrics, a.estimatedPredictionCount,
                a.effectiveSampleCount, a.project, a.endpointId};
    }

    /** {@link SqlTables#ERRORS}. */
    static Object[] error(InferenceError e) {
        return new Object[] {e.timestamp, e.error, e.project, e.endpointId, e.errorType};
    }
}
