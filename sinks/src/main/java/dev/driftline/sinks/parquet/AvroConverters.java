package dev.driftline.sinks.parquet;

import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoredRecord;
import dev.driftline.functions.model.MonitoringResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The converters from the stream's POJOs to {@link ParquetSchemas}' records. NaN and infinities become null; a null
 * {@code endpointId} is written as the empty string (the column is required: it is the partition key).
 */
public final class AvroConverters {
    private AvroConverters() {}

    /**
     * A monitored row: the first {@code featureCount} columns are inputs, the rest predictions. A column whose value
     * was a string ({@code texts[i] != null}) goes to {@code string_features}/{@code string_predictions}; every other
     * column goes to {@code features}/{@code predictions}, null when its number is NaN (a null value).
     */
    public static GenericRecord record(MonitoredRecord r) {
        GenericData.Record a = new GenericData.Record(ParquetSchemas.RECORDS);
        a.put("timestamp", r.timestamp);
        a.put("endpoint_id", nonNull(r.endpointId));
        a.put("project", r.project);
        a.put("request_id", r.requestId);
        a.put("latency_microsec", finiteOrNull(r.latencyMicros));

        Map<String, Double> features = new LinkedHashMap<>();
        Map<String, String> stringFeatures = new LinkedHashMap<>();
        Map<String, Double> predictions = new LinkedHashMap<>();
        Map<String, String> stringPredictions = new LinkedHashMap<>();
        String[] columns = r.columns;
        if (columns != null) {
            int featureCount = Math.max(0, Math.min(r.featureCount, columns.length));
            for (int i = 0; i < columns.length; i++) {
                boolean isFeature = i < featureCount;
                String name = columns[i] != null ? columns[i] : (isFeature ? "f" + i : "p" + (i - featureCount));
                String text = r.texts != null && i < r.texts.length ? r.texts[i] : null;
                if (text != null) {
                    (isFeature ? stringFeatures : stringPredictions).put(name, text);
                } else {
                    double v = r.numbers != null && i < r.numbers.length ? r.numbers[i] : Double.NaN;
                    (isFeature ? features : predictions).put(name, finiteOrNull(v));
                }
            }
        }
        a.put("features", features);
        a.put("string_features", stringFeatures);
        a.put("predictions", predictions);
        a.put("string_predictions", stringPredictions);
        a.put("labels", r.labels == null ? null : withoutNulls(r.labels));
        a.put("custom_metrics", r.customMetrics);
        double estimated = r.estimatedPredictionCount;
        a.put("estimated_prediction_count", Double.isFinite(estimated) ? estimated : 0.0);
        a.put("effective_sample_count", r.effectiveSampleCount < 0 ? null : r.effectiveSampleCount);
        return a;
    }

    /** A result or metric; for a metric {@code kind} and {@code status} are null, and so is a result's kind -1. */
    public static GenericRecord result(MonitoringResult r) {
        GenericData.Record a = new GenericData.Record(ParquetSchemas.RESULTS);
        boolean metric = MonitoringResult.METRIC.equals(r.type);
        a.put("type", r.type != null ? r.type : MonitoringResult.RESULT);
        a.put("endpoint_id", nonNull(r.endpointId));
        a.put("project", r.project);
        a.put("application", r.application);
        a.put("name", r.name);
        a.put("start_infer_time", r.windowStart);
        a.put("end_infer_time", r.windowEnd);
        a.put("value", finiteOrNull(r.value));
        a.put("kind", metric || r.kind < 0 ? null : r.kind);
        a.put("status", metric ? null : r.status);
        a.put("extra_data", r.extraData);
        return a;
    }

    public static GenericRecord error(InferenceError e) {
        GenericData.Record a = new GenericData.Record(ParquetSchemas.ERRORS);
        a.put("timestamp", e.timestamp);
        a.put("endpoint_id", nonNull(e.endpointId));
        a.put("project", e.project);
        a.put("model", e.model);
        a.put("request_id", e.requestId);
        a.put("error", e.error);
        a.put("error_type", e.errorType);
        return a;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String nonNull(String s) {
        return s != null ? s : "";
    }

    /** Parquet map values of a non-nullable string map cannot be null; keys never can. */
    private static Map<String, String> withoutNulls(Map<String, String> m) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey() != null && e.getValue() != null) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
