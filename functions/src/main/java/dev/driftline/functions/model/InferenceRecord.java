package dev.driftline.functions.model;

import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One row of one inference request, as decoded from an MLRun serving event (spec §1). Values are positional:
 * names come from the endpoint definition at enrichment, so decoding needs no endpoint state.
 *
 * <p>Each input and output value is held in two parallel arrays: {@code xxxNumbers[i]} is the numeric value (NaN
 * when null or not numeric) and {@code xxxTexts[i]} the string value (null unless the value was a string).
 */
@TypeInfo(InferenceRecordSerializer.Factory.class)
public class InferenceRecord {
    public String endpointId;
    /** Project, from {@code function_uri} ({@code project/function:tag}); may be null. */
    public String project;
    public String model;
    public String functionUri;
    public String requestId;
    /** Event time: the request's {@code when}, epoch milliseconds UTC. */
    public long timestamp;
    /** {@code microsec} as sent (MLRun fills only the microsecond component of the elapsed time); NaN if absent. */
    public double latencyMicros;
    public double[] inputNumbers;
    public String[] inputTexts;
    public double[] outputNumbers;
    public String[] outputTexts;
    /** Endpoint labels sent with the event; may be null. */
    public Map<String, String> labels;
    /** The model's own custom metrics, as JSON text; may be null. */
    public String customMetrics;
    /** Estimated number of predictions this row stands for (1 unless the serving side samples). */
    public double estimatedPredictionCount;
    /** {@code effective_sample_count} when sent, else -1. */
    public int effectiveSampleCount;
    /**
     * True for every row of an event but its first: the rows of one request, which counts once however many rows it
     * has. Marked where the event is decoded, so that no later operator has to guess it from what came before.
     */
    public boolean continuesRequest;

    public InferenceRecord() {}
}
