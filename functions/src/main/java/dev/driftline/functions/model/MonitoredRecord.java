package dev.driftline.functions.model;

import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A decoded row enriched with its endpoint's definition: named columns (input features, then predictions) and each
 * numeric value's histogram bin, computed once here so that windows only count.
 *
 * <p>Once emitted, a record's arrays and labels are read-only: copies between chained operators share them (see
 * {@link MonitoredRecordSerializer}).
 */
@TypeInfo(MonitoredRecordSerializer.Factory.class)
public class MonitoredRecord {
    /** In {@link #bins}: the column has no numeric reference, so no histogram is kept for it. */
    public static final int NO_HISTOGRAM = -2;

    public String endpointId;
    public String project;
    public String requestId;
    /** Event time, epoch ms. */
    public long timestamp;
    public double latencyMicros;
    /** Column names: the endpoint's feature names (or f0..) then its label names (or p0..). Shared, never mutated. */
    public String[] columns;
    /** How many of {@link #columns} are input features; the rest are predictions. */
    public int featureCount;
    /** Numeric value per column, NaN when null or a string. */
    public double[] numbers;
    /** String value per column, null unless the value was a string. */
    public String[] texts;
    /** Histogram bin per column: a bin index, -1 when not counted (null), or {@link #NO_HISTOGRAM}. */
    public int[] bins;
    /** Identifies the endpoint definition (and so the bin edges) used; a window restarts its histograms on a change. */
    public long definitionVersion;
    /** {@link dev.driftline.functions.endpoint.ResolvedEndpoint#offset()}: which of two definitions is the later. */
    public long definitionOffset = -1L;
    public Map<String, String> labels;
    public String customMetrics;
    public double estimatedPredictionCount;
    public int effectiveSampleCount;
    /** As {@link InferenceRecord#continuesRequest}: not the first row of its event. */
    public boolean continuesRequest;

    public MonitoredRecord() {}
}
