package dev.driftline.sinks.parquet;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The Avro schemas of the three Parquet tables (snake_case columns, as MLRun's offline store). Timestamps are
 * {@code long} epoch milliseconds with the {@code timestamp-millis} logical type (Parquet
 * {@code TIMESTAMP(MILLIS, UTC)}).
 */
public final class ParquetSchemas {
    /** Monitored inference rows: one per request row. */
    public static final Schema RECORDS;
    /** Application results and metrics: one per (endpoint, application, name, window). */
    public static final Schema RESULTS;
    /** Failed inference requests. */
    public static final Schema ERRORS;

    static {
        RECORDS = SchemaBuilder.record("MonitoredRecord").namespace("dev.driftline.parquet").fields()
                .name("timestamp").type(timestampMillis()).noDefault()
                .name("endpoint_id").type().stringType().noDefault()
                .name("project").type().optional().stringType()
                .name("request_id").type().optional().stringType()
                .name("latency_microsec").type().optional().doubleType()
                .name("features").type().map().values().nullable().doubleType().noDefault()
                .name("string_features").type().map().values().stringType().noDefault()
                .name("predictions").type().map().values().nullable().doubleType().noDefault()
                .name("string_predictions").type().map().values().stringType().noDefault()
                .name("labels").type().optional().map().values().stringType()
                .name("custom_metrics").type().optional().stringType()
                .name("estimated_prediction_count").type().doubleType().noDefault()
                .name("effective_sample_count").type().optional().intType()
                .endRecord();

        RESULTS = SchemaBuilder.record("MonitoringResult").namespace("dev.driftline.parquet").fields()
                .name("type").type().stringType().noDefault()
                .name("endpoint_id").type().stringType().noDefault()
                .name("project").type().optional().stringType()
                .name("application").type().optional().stringType()
                .name("name").type().optional().stringType()
                .name("start_infer_time").type(timestampMillis()).noDefault()
                .name("end_infer_time").type(timestampMillis()).noDefault()
                .name("value").type().optional().doubleType()
                .name("kind").type().optional().intType()
                .name("status").type().optional().intType()
                .name("extra_data").type().optional().stringType()
                .endRecord();

        ERRORS = SchemaBuilder.record("InferenceError").namespace("dev.driftline.parquet").fields()
                .name("timestamp").type(timestampMillis()).noDefault()
                .name("endpoint_id").type().stringType().noDefault()
                .name("project").type().optional().stringType()
                .name("model").type().optional().stringType()
                .name("request_id").type().optional().stringType()
                .name("error").type().optional().stringType()
                .name("error_type").type().optional().stringType()
                .endRecord();
    }

    private ParquetSchemas() {}

    private static Schema timestampMillis() {
        return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    }
}
