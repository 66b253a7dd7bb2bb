package dev.driftline.functions.activity;

import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoredRecord;

/**
 * What one endpoint saw in one minute of an activity interval that is still open (keyed state, a Flink POJO).
 *
 * <p>Open intervals are kept by minute rather than whole: the interval's numbers are their sum, and the running
 * 5-minute / 1-hour averages need each minute separately once the interval closes.
 */
public class OpenMinute {
    /** The endpoint's project, from the latest input that named one. */
    public String project;
    /** Requests (inference events) that started here; a request with many rows counts once. */
    public long requests;
    /** Rows (predictions). */
    public long rows;
    /** Failed requests. */
    public long errors;
    /** Sum and number of request latencies (microseconds); requests without a latency are not counted. */
    public double latencySum;
    public long latencyCount;
    public double estimatedPredictions;
    /** Event time of the earliest and latest request; {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} when none. */
    public long firstRequest = Long.MAX_VALUE;
    public long lastRequest = Long.MIN_VALUE;
    /** The latest custom metrics (by event time, then arrival) and the event time they came with. */
    public String customMetrics;
    public long customMetricsTime = Long.MIN_VALUE;

    public OpenMinute() {}

    /** One row; {@code newRequest} when it starts a request (its latency and metrics are then taken, once). */
    void addRow(MonitoredRecord r, boolean newRequest) {
        rows++;
        estimatedPredictions += r.estimatedPredictionCount;
        if (!newRequest) {
            return;
        }
        if (r.project != null) {
            project = r.project;
        }
        requests++;
        if (!Double.isNaN(r.latencyMicros)) {
            latencySum += r.latencyMicros;
            latencyCount++;
        }
        firstRequest = Math.min(firstRequest, r.timestamp);
        lastRequest = Math.max(lastRequest, r.timestamp);
        if (r.customMetrics != null && r.timestamp >= customMetricsTime) {
            customMetrics = r.customMetrics;
            customMetricsTime = r.timestamp;
        }
    }

    void addError(InferenceError e) {
        if (e.project != null) {
            project = e.project;
        }
        errors++;
    }

    /**
     * Adds what {@code later} counted after this minute's own inputs: sums, the earliest and latest request, the
     * latest custom metrics (by event time, then arrival) and the project of the latest input that named one.
     */
    void merge(OpenMinute later) {
        if (later.project != null) {
            project = later.project;
        }
        requests += later.requests;
        rows += later.rows;
        errors += later.errors;
        latencySum += later.latencySum;
        latencyCount += later.latencyCount;
        estimatedPredictions += later.estimatedPredictions;
        firstRequest = Math.min(firstRequest, later.firstRequest);
        lastRequest = Math.max(lastRequest, later.lastRequest);
        if (later.customMetrics != null && later.customMetricsTime >= customMetricsTime) {
            customMetrics = later.customMetrics;
            customMetricsTime = later.customMetricsTime;
        }
    }
}
