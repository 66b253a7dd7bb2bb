package dev.driftline.functions.model;

/**
 * The stream function's outputs for one endpoint (MLRun's per-endpoint stream statistics), computed in event time:
 * one record per endpoint and activity interval that saw traffic or errors, emitted when the watermark passes the
 * interval's end.
 *
 * <p>The interval fields describe [{@link #intervalStart}, {@link #intervalEnd}) alone and become one row of the
 * time-series {@code predictions} table. The running fields describe the endpoint as of {@link #intervalEnd} and keep
 * its model endpoint record current (first/last request, counts, latency averages, predictions per second).
 */
public class EndpointActivity {
    public String endpointId;
    public String project;

    /** Interval bounds, epoch ms, [start, end). */
    public long intervalStart;
    public long intervalEnd;
    /** Requests (inference events) in the interval; a request with many rows counts once. */
    public long requests;
    /** Rows (predictions) in the interval. */
    public long predictions;
    /** Failed requests in the interval. */
    public long errors;
    /** Mean request latency in the interval, microseconds; NaN when no request reported one. */
    public double latencyAvgMicros = Double.NaN;
    /** Predictions the serving side made in the interval, estimated from its sampling percentage. */
    public double estimatedPredictionCount;
    /** Rows actually received in the interval (MLRun's effective_sample_count). */
    public long effectiveSampleCount;
    /** The last custom metrics JSON seen in the interval, or null. */
    public String customMetrics;

    /** Running, as of the interval's end: epoch ms of the first and last request ever seen (0 when none). */
    public long firstRequest;
    public long lastRequest;
    /** Running totals since the endpoint was first seen. */
    public long invocationCount;
    public long errorCount;
    /** Mean request latency over the 5 minutes / 1 hour ending at {@link #intervalEnd}, microseconds; NaN if none. */
    public double latencyAvg5mMicros = Double.NaN;
    public double latencyAvg1hMicros = Double.NaN;
    /** Estimated predictions per second over the 5 minutes ending at {@link #intervalEnd}. */
    public double predictionsPerSecond;

    public EndpointActivity() {}
}
