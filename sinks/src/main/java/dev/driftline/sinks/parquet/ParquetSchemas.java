package dev.driftline.sinks.parquet;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The Avro schemas of the results and errors tables (snake_case columns, as MLRun's offline store; the records table's
 * schema is per file, see {@code RecordsFileSchema}). Timestamps are {@code long} epoch milliseconds with the
 * {@code timestamp-millis} logical type (Parquet {@code TIMESTAMP(MILLIS, UTC)}).
 */
public final class ParquetSchemas {
    /** Application results and metrics: one per (endpoint, application, name, window). */
    public static final Schema RESULTS;
    /** Failed inference requests. */
    public static final Schema ERRORS;

    static {
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
