package dev.driftline.sinks.parquet;

import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoringResult;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The converters from the results and errors streams' POJOs to {@link ParquetSchemas}' records (the records table has
 * its own writer, {@code RecordsRowWriter}). NaN and infinities become null; a null {@code endpointId} is written as
 * the empty string (the column is required: it is the partition key).
 */
public final class AvroConverters {
    private AvroConverters() {}

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
}
